/**
 * Columnar execution of a pushed partial aggregation ({@link io.sqe.planner.aggregation.ScanAggregation}) over the
 * Arrow batches of a scan: the filter becomes a selection vector, expressions are evaluated over primitive arrays
 * (decimals as unscaled longs while they fit, BigDecimal for the rare value that does not), and groups are found in
 * an open-addressing hash table whose accumulators live in primitive arrays. Nothing is boxed per row.
 */
package io.sqe.worker.columnar;
