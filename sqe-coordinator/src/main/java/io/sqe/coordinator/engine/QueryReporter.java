package io.sqe.coordinator.engine;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.sqe.coordinator.scan.ScanCounters;
import io.sqe.core.engine.QueryCompletion;
import io.sqe.core.engine.QueryListener;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observability of statements: opens each execution's trace span, and builds the {@link QueryCompletion} of
 * each statement for the listener (metrics, audit). It never fails a query.
 */
final class QueryReporter {
    private static final Logger log = LoggerFactory.getLogger(QueryReporter.class);

    private final QueryListener listener;
    private final Tracer tracer;

    QueryReporter(QueryListener listener, Tracer tracer) {
        this.listener = requireNonNull(listener, "listener is null");
        this.tracer = requireNonNull(tracer, "tracer is null");
    }

    Tracer tracer() {
        return tracer;
    }

    /** Starts an execution: a new query id and a {@code sqe.query} span under the caller's trace context. */
    Execution begin(PlanInfo plan, List<List<Object>> parameterRows) {
        String queryId = UUID.randomUUID().toString();
        Span span = tracer.spanBuilder("sqe.query").setParent(Context.current())
                .setAttribute("sqe.query_id", queryId)
                .setAttribute("sqe.statement_type", plan.statementType())
                .startSpan();
        Execution execution = new Execution(queryId, parameterRows, new ScanCounters(), Instant.now(), System.nanoTime(),
                span);
        try {
            listener.queryStarted(queryId);
        } catch (RuntimeException e) {
            log.warn("Query listener failed for query {}", queryId, e);
        }
        return execution;
    }

    /** A statement that failed while it was parsed or planned. */
    void failedBeforeExecution(Session session, String sql, String statementType, SqeException failure,
            Span planSpan, List<String> policies) {
        Instant now = Instant.now();
        publish(new QueryCompletion(UUID.randomUUID().toString(), session.sessionId(), session.user().name(),
                new ArrayList<>(session.user().roles()), session.clientAddress(), session.protocol(), statementType,
                sql, now, Duration.ZERO, Optional.empty(), Optional.of(failure.errorCode()),
                Optional.of(failure.getMessage()), 0, 0, QueryCompletion.ScanCounts.NONE, List.of(), List.of(),
                traceId(planSpan), policies));
    }

    void completed(Session session, PlanInfo plan, Execution execution, Optional<Duration> timeToFirstRow,
            Optional<SqeException> failure, long rowsReturned, long updateCount) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - execution.startNanos());
        QueryCompletion.ScanCounts scan = execution.counters().snapshot();
        Span span = execution.span();
        span.setAttribute("sqe.rows_returned", rowsReturned);
        span.setAttribute("sqe.rows_scanned", scan.rows());
        failure.ifPresent(error -> span.setStatus(StatusCode.ERROR, error.errorCode().name()));
        span.end();
        publish(new QueryCompletion(execution.queryId(), session.sessionId(), session.user().name(),
                new ArrayList<>(session.user().roles()), session.clientAddress(), session.protocol(),
                plan.statementType(), plan.sql(), execution.started(), elapsed, timeToFirstRow,
                failure.map(SqeException::errorCode), failure.map(Throwable::getMessage), rowsReturned, updateCount,
                scan, plan.tablesRead(), plan.tablesWritten(), traceId(span), plan.policies()));
    }

    private static Optional<String> traceId(Span span) {
        return span.getSpanContext().isValid() ? Optional.of(span.getSpanContext().getTraceId()) : Optional.empty();
    }

    private void publish(QueryCompletion completion) {
        try {
            listener.queryCompleted(completion);
        } catch (RuntimeException e) {
            log.warn("Query listener failed for query {}", completion.queryId(), e);
        }
    }
}
