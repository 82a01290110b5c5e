package io.sqe.worker;

import static java.util.Objects.requireNonNull;

import io.sqe.core.concurrent.NamedThreadFactory;
import io.sqe.core.engine.BatchSource;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;

/**
 * Sends {@link BatchSource}s to Flight listeners batch by batch on a bounded pool of named threads, waiting while
 * a client is slow and cancelling the source when the client goes away. Each listener gets exactly one terminal
 * call: completed, or an error translated by {@link FlightErrorTranslator}. Shared by the coordinator's Flight SQL
 * results and the workers' scans.
 *
 * <p>Streaming runs off the Flight handler thread: gRPC delivers a call's ready and cancel callbacks only after
 * its handler returns, so waiting for them inside the handler would never end.
 */
public final class FlightBatchWriter implements AutoCloseable {
    private static final long SHUTDOWN_SECONDS = 10;

    private final Duration clientReadTimeout;
    private final ThreadPoolExecutor executor;

    public FlightBatchWriter(String threadName, int maxConcurrentStreams, Duration clientReadTimeout) {
        requireNonNull(threadName, "threadName is null");
        this.clientReadTimeout = requireNonNull(clientReadTimeout, "clientReadTimeout is null");
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams must be at least 1: " + maxConcurrentStreams);
        }
        // No queue: a stream either gets a thread now or is refused, so no client waits unseen.
        this.executor = new ThreadPoolExecutor(maxConcurrentStreams, maxConcurrentStreams, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new NamedThreadFactory(threadName, NamedThreadFactory.QUERY_STACK_BYTES));
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Starts streaming {@code source}; {@code onDone} runs when the stream has ended, however it ended.
     *
     * @param description what is streamed, for messages: "the query", "the scan of task 3 of query …"
     * @return false, having closed the source and run {@code onDone}, when every thread is busy
     */
    public boolean start(BatchSource source, String description, ServerStreamListener listener, Runnable onDone) {
        try {
            executor.execute(() -> {
                try {
                    write(source, description, listener);
                } finally {
                    onDone.run();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            source.close();
            onDone.run();
            return false;
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

    private void write(BatchSource source, String description, ServerStreamListener listener) {
        boolean terminated = false;
        try (source) {
            BackpressureStrategy.CallbackBackpressureStrategy backpressure =
                    new BackpressureStrategy.CallbackBackpressureStrategy() {
                        @Override
                        protected void cancelCallback() {
                            source.cancel();
                        }
                    };
            backpressure.register(listener);
            if (listener.isCancelled()) {
                source.cancel();
                throw cancelled(description);
            }
            listener.start(source.root());
            while (source.next()) {
                awaitClient(backpressure, listener, description);
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

    private void awaitClient(BackpressureStrategy backpressure, ServerStreamListener listener, String description) {
        BackpressureStrategy.WaitResult result = backpressure.waitForListener(clientReadTimeout.toMillis());
        switch (result) {
            case READY:
                return;
            case CANCELLED:
                throw cancelled(description);
            case TIMEOUT:
                throw new SqeException(ErrorCode.EXCEEDED_TIME_LIMIT, "the client read nothing for "
                        + clientReadTimeout.toSeconds() + " seconds; " + description + " was stopped");
            case OTHER:
                if (listener.isCancelled()) {
                    throw cancelled(description);
                }
                throw new SqeException(ErrorCode.USER_CANCELED, description + " was interrupted by a server shutdown");
            default:
                throw new IllegalStateException("unexpected wait result " + result);
        }
    }

    private static SqeException cancelled(String description) {
        return new SqeException(ErrorCode.USER_CANCELED, description + " was cancelled by the client");
    }
}
