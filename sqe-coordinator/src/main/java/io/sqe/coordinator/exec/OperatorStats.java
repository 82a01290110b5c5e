package io.sqe.coordinator.exec;

/** What one plan node did in one execution, for EXPLAIN ANALYZE. */
final class OperatorStats {
    long rows;
    long batches;
    /** Time spent in the node and its inputs. */
    long nanos;
}
