package io.sqe.coordinator.engine;

import static java.util.Objects.requireNonNull;

import io.sqe.core.engine.ResultStream;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.MDC;

/**
 * Counts what a stream returns and how it ends, and reports it once, when the stream is closed: complete, failed,
 * or cancelled (a stream closed early by a client that stopped reading is reported as cancelled).
 */
final class ObservedResultStream implements ResultStream {
    /** The logging context key that carries the query id (docs/operations.md). */
    static final String QUERY_ID = "query_id";

    private final String queryId;
    private final ResultStream delegate;
    private final long startNanos;
    private final Consumer<ObservedResultStream> onClose;
    private long rowsReturned;
    private Duration timeToFirstRow;
    private SqeException failure;
    private boolean exhausted;
    private boolean cancelled;
    private boolean closed;

    ObservedResultStream(String queryId, ResultStream delegate, long startNanos,
            Consumer<ObservedResultStream> onClose) {
        this.queryId = requireNonNull(queryId, "queryId is null");
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.startNanos = startNanos;
        this.onClose = requireNonNull(onClose, "onClose is null");
    }

    @Override
    public VectorSchemaRoot root() {
        return delegate.root();
    }

    @Override
    public boolean next() {
        MDC.put(QUERY_ID, queryId);
        try {
            boolean hasBatch = delegate.next();
            if (hasBatch) {
                if (timeToFirstRow == null) {
                    timeToFirstRow = Duration.ofNanos(System.nanoTime() - startNanos);
                }
                rowsReturned += delegate.root().getRowCount();
            } else {
                exhausted = true;
            }
            return hasBatch;
        } catch (SqeException e) {
            failure = e;
            throw e;
        } finally {
            MDC.remove(QUERY_ID);
        }
    }

    @Override
    public OptionalLong updateCount() {
        return delegate.updateCount();
    }

    @Override
    public void cancel() {
        cancelled = true;
        delegate.cancel();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            delegate.close();
        } finally {
            onClose.accept(this);
        }
    }

    long rowsReturned() {
        return delegate.updateCount().isPresent() ? 0 : rowsReturned;
    }

    Optional<Duration> timeToFirstRow() {
        return Optional.ofNullable(timeToFirstRow);
    }

    /** The failure, if any; a stream abandoned before its end counts as cancelled. */
    Optional<SqeException> failure() {
        if (failure != null) {
            return Optional.of(failure);
        }
        if (delegate.updateCount().isPresent()) {
            return Optional.empty();
        }
        if (cancelled || !exhausted) {
            return Optional.of(new SqeException(ErrorCode.USER_CANCELED, "Query was cancelled before its end"));
        }
        return Optional.empty();
    }
}
