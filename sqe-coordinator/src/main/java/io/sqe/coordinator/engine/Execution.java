package io.sqe.coordinator.engine;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.sqe.coordinator.scan.ScanCounters;
import java.time.Instant;
import java.util.List;

/**
 * One execution of a plan: its query id, bound parameter rows (one row, empty when the statement has no
 * parameters; several for a batch), start, what its scans read, and its trace span (the parent of every span the
 * execution makes, on whatever thread).
 */
record Execution(String queryId, List<List<Object>> parameterRows, ScanCounters counters, Instant started,
        long startNanos, Span span) {
    Execution {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(parameterRows, "parameterRows is null");
        if (parameterRows.isEmpty()) {
            throw new IllegalArgumentException("an execution binds at least one parameter row");
        }
        requireNonNull(counters, "counters is null");
        requireNonNull(started, "started is null");
        requireNonNull(span, "span is null");
    }

    /** The parameter values of an execution that is not a batch. */
    List<Object> parameters() {
        if (parameterRows.size() != 1) {
            throw new IllegalStateException("a batch of " + parameterRows.size() + " parameter rows has no single row");
        }
        return parameterRows.get(0);
    }

    Context traceContext() {
        return Context.current().with(span);
    }
}
