/**
 * The plan fragments that cross the wire between coordinator and workers.
 *
 * <p>{@link io.sqe.planner.ScanPlanner} turns an Iceberg table scan into {@link io.sqe.planner.ScanTask}s (data-file
 * byte ranges with their delete files, residual filter, projection and storage properties), and
 * {@link io.sqe.planner.ScanTaskCodec} is their one wire format, used by remote and in-process workers alike.
 */
package io.sqe.planner;
