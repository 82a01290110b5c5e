/**
 * The worker side of a scan: {@link io.sqe.worker.ScanExecutor} turns an encoded {@link io.sqe.planner.ScanTask}
 * into a stream of Arrow batches ({@link io.sqe.worker.ScanBatches}), reading Parquet data files through Iceberg's
 * FileIO with the task's storage properties and applying projection, deletes, residual filter and limit.
 */
package io.sqe.worker;
