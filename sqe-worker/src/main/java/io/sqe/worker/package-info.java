/**
 * The worker side of a scan: {@link io.sqe.worker.ScanExecutor} turns an encoded {@link io.sqe.planner.ScanTask}
 * into a stream of Arrow batches ({@link io.sqe.worker.ScanBatches}), reading Parquet data files through Iceberg's
 * FileIO with the task's storage properties and applying projection, deletes, residual filter and limit.
 *
 * <p>{@link io.sqe.worker.WorkerServer} serves the same path over Arrow Flight: a DoGet whose ticket is a task signed
 * by {@link io.sqe.planner.SignedScanTask} with the worker secret streams the task's batches
 * ({@link io.sqe.worker.WorkerFlightService}).
 */
package io.sqe.worker;
