/**
 * The scan's residual filter (an Iceberg {@link org.apache.iceberg.expressions.Expression}) evaluated in the worker
 * with SQL's null semantics: a predicate on a null value is unknown, unknown rows are dropped, and NOT is pushed into
 * the predicates first ({@link org.apache.iceberg.expressions.Expressions#rewriteNot}), so every node only ever asks
 * "is this row certainly true". {@link io.sqe.worker.filter.VectorFilter} evaluates it over decoded Arrow vectors
 * into a selection vector, with a kernel per column type and operator; {@link io.sqe.worker.filter.RowFilter} is the
 * same semantics row by row, for the generic reader's records.
 */
package io.sqe.worker.filter;
