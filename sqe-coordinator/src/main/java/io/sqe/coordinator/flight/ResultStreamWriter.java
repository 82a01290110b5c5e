package io.sqe.coordinator.flight;

import io.sqe.worker.FlightErrorTranslator;
import static java.util.Objects.requireNonNull;

import io.sqe.core.engine.ResultStream;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import io.sqe.core.concurrent.NamedThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;

/**
 * Sends {@link ResultStream}s to Flight listeners batch by batch on a bounded pool of named threads, waiting
 * while a client is slow and cancelling the stream when the client goes away. Each listener gets exactly one
 * terminal call: completed, or an error translated by {@link FlightErrorTranslator}.
 */
final class ResultStreamWriter implements AutoCloseable {
    private static final long SHUTDOWN_SECONDS = 10;

    private final Duration clientReadTimeout;
    private final int maxConcurrentStreams;
    private final ThreadPoolExecutor executor;

    ResultStreamWriter(Duration clientReadTimeout, int maxConcurrentStreams) {
        this.clientReadTimeout = requireNonNull(clientReadTimeout, "clientReadTimeout is null");
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams must be at least 1: " + maxConcurrentStreams);
        }
        this.maxConcurrentStreams = maxConcurrentStreams;
        // No queue: a stream either gets a thread now or is refused, so no client waits unseen.
        this.executor = new ThreadPoolExecutor(maxConcurrentStreams, maxConcurrentStreams, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                new NamedThreadFactory("sqe-flight-stream", NamedThreadFactory.QUERY_STACK_BYTES));
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Streams on a worker thread so that the Flight handler returns: gRPC delivers a call's ready and cancel
     * callbacks only after its handler returns, so waiting for them inside the handler would never end.
     * {@code onDone} runs when the stream has ended, however it ended.
     */
    void start(ResultStream stream, ServerStreamListener listener, Runnable onDone) {
        try {
            executor.execute(() -> {
                try {
                    write(stream, listener);
                } finally {
                    onDone.run();
                }
            });
        } catch (RejectedExecutionException e) {
            onDone.run();
            stream.close();
            throw new SqeException(ErrorCode.SERVER_BUSY, "the server is already sending "
                    + maxConcurrentStreams + " results; try again when some have finished");
        }
    }

    /** Stops accepting streams and waits briefly for running ones, which the caller should have cancelled. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Streams every batch of {@code stream} to {@code listener}, then closes the stream. */
    private void write(ResultStream stream, ServerStreamListener listener) {
        boolean terminated = false;
        try (stream) {
            BackpressureStrategy.CallbackBackpressureStrategy backpressure =
                    new BackpressureStrategy.CallbackBackpressureStrategy() {
                        @Override
                        protected void cancelCallback() {
                            stream.cancel();
                        }
                    };
            backpressure.register(listener);
            if (listener.isCancelled()) {
                stream.cancel();
                throw canceled();
            }
            listener.start(stream.root());
            while (stream.next()) {
                awaitClient(backpressure, listener);
                listener.putNext();
            }
            terminated = true;
            listener.completed();
        } catch (Throwable failure) {
            if (!terminated) {
                listener.error(FlightErrorTranslator.translate(failure));
            }
        }
    }

    private void awaitClient(BackpressureStrategy backpressure, ServerStreamListener listener) {
        BackpressureStrategy.WaitResult result = backpressure.waitForListener(clientReadTimeout.toMillis());
        switch (result) {
            case READY:
                return;
            case CANCELLED:
                throw canceled();
            case TIMEOUT:
                throw new SqeException(ErrorCode.EXCEEDED_TIME_LIMIT, "the client did not read results for "
                        + clientReadTimeout.toMinutes() + " minutes; the query was stopped");
            case OTHER:
                if (listener.isCancelled()) {
                    throw canceled();
                }
                throw new SqeException(ErrorCode.USER_CANCELED, "the query was interrupted by a server shutdown");
            default:
                throw new IllegalStateException("unexpected wait result " + result);
        }
    }

    private static SqeException canceled() {
        return new SqeException(ErrorCode.USER_CANCELED, "the query was canceled by the client");
    }
}
