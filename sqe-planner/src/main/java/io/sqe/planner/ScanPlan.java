package io.sqe.planner;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The result of planning one table scan: the tasks to hand to workers and what pruning achieved.
 *
 * @param tasks one task per combined Iceberg scan task, numbered from 0; empty for a table with no data
 * @param statistics files and bytes considered versus read
 */
public record ScanPlan(List<ScanTask> tasks, ScanStatistics statistics) {
    public ScanPlan {
        tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
        requireNonNull(statistics, "statistics is null");
    }
}
