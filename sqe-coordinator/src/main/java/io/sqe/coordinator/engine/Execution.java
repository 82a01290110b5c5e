package io.sqe.coordinator.engine;

import static java.util.Objects.requireNonNull;

import io.sqe.coordinator.scan.ScanCounters;
import java.time.Instant;
import java.util.List;

/** One execution of a plan: its query id, bound parameters, start and what its scans read. */
record Execution(String queryId, List<Object> parameters, ScanCounters counters, Instant started, long startNanos) {
    Execution {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(parameters, "parameters is null");
        requireNonNull(counters, "counters is null");
        requireNonNull(started, "started is null");
    }
}
