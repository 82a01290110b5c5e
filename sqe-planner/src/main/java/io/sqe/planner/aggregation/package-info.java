/**
 * Partial aggregation pushed into a scan task: a small, typed expression language ({@link
 * io.sqe.planner.aggregation.ScanExpression}) for the filter and the pre-aggregation projections, and the group keys
 * and aggregate calls a worker computes per task ({@link io.sqe.planner.aggregation.ScanAggregation}). The worker
 * evaluates it columnar over Arrow batches; the coordinator combines the per-task partial rows.
 */
package io.sqe.planner.aggregation;
