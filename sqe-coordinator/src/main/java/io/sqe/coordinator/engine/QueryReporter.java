package io.sqe.coordinator.engine;

import static java.util.Objects.requireNonNull;

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

/** Builds the {@link QueryCompletion} of each statement and hands it to the listener; never fails a query. */
final class QueryReporter {
    private static final Logger log = LoggerFactory.getLogger(QueryReporter.class);

    private final QueryListener listener;

    QueryReporter(QueryListener listener) {
        this.listener = requireNonNull(listener, "listener is null");
    }

    void started(Execution execution) {
        try {
            listener.queryStarted(execution.queryId());
        } catch (RuntimeException e) {
            log.warn("Query listener failed for query {}", execution.queryId(), e);
        }
    }

    /** A statement that failed while it was parsed or planned. */
    void failedBeforeExecution(Session session, String sql, String statementType, SqeException failure) {
        Instant now = Instant.now();
        publish(new QueryCompletion(UUID.randomUUID().toString(), session.sessionId(), session.user().name(),
                new ArrayList<>(session.user().roles()), session.clientAddress(), session.protocol(), statementType,
                sql, now, Duration.ZERO, Optional.empty(), Optional.of(failure.errorCode()),
                Optional.of(failure.getMessage()), 0, 0, QueryCompletion.ScanCounts.NONE, List.of(), List.of()));
    }

    void completed(Session session, PlanInfo plan, Execution execution, Optional<Duration> timeToFirstRow,
            Optional<SqeException> failure, long rowsReturned, long updateCount) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - execution.startNanos());
        publish(new QueryCompletion(execution.queryId(), session.sessionId(), session.user().name(),
                new ArrayList<>(session.user().roles()), session.clientAddress(), session.protocol(),
                plan.statementType(), plan.sql(), execution.started(), elapsed, timeToFirstRow,
                failure.map(SqeException::errorCode), failure.map(Throwable::getMessage), rowsReturned, updateCount,
                execution.counters().snapshot(), plan.tablesRead(), plan.tablesWritten()));
    }

    private void publish(QueryCompletion completion) {
        try {
            listener.queryCompleted(completion);
        } catch (RuntimeException e) {
            log.warn("Query listener failed for query {}", completion.queryId(), e);
        }
    }
}
