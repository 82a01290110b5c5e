package io.sqe.coordinator.engine;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.sqe.coordinator.scan.ScanCounters;
import java.time.Instant;
import java.util.List;

/**
 * One execution of a plan: its query id, bound parameters, start, what its scans read, and its trace span (the
 * parent of every span the execution makes, on whatever thread).
 */
record Execution(String queryId, List<Object> parameters, ScanCounters counters, Instant started, long startNanos,
        Span span) {
    Execution {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(parameters, "parameters is null");
        requireNonNull(counters, "counters is null");
        requireNonNull(started, "started is null");
        requireNonNull(span, "span is null");
    }

    Context traceContext() {
        return Context.current().with(span);
    }
}
