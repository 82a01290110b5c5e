package io.sqe.coordinator.exec;

/** A running plan node: pulls batches from its inputs and returns its own, one at a time. */
interface Operator extends AutoCloseable {
    /** The next batch, or null at the end. Batches may be empty. */
    Batch next();

    /** Releases what the operator holds, its inputs included; safe to call twice. */
    @Override
    void close();
}
