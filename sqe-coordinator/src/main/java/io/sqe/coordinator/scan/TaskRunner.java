package io.sqe.coordinator.scan;

import io.sqe.core.engine.BatchSource;
import io.sqe.planner.ScanTask;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Runs one scan task and streams its batches: in this process ({@link io.sqe.worker.ScanExecutor}) or on a remote
 * worker ({@link RemoteWorkers}). Either way the task travels in its wire encoding, so both run the same bytes.
 */
@FunctionalInterface
interface TaskRunner {
    /**
     * @param allocator the allocator the task's buffers are charged to (the query's)
     * @return the task's batches, which the caller closes
     */
    BatchSource open(ScanTask task, BufferAllocator allocator);
}
