package io.sqe.worker;

import static java.util.Objects.requireNonNull;

import io.sqe.core.concurrent.NamedThreadFactory;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.SignedScanTask;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's Flight endpoint: a DoGet whose ticket is a scan task signed by {@link SignedScanTask} streams the
 * task's rows as Arrow batches. Tickets not signed with the worker secret are refused with UNAUTHENTICATED before
 * anything is decoded.
 *
 * <p>Each stream runs on a bounded pool of named threads, so the gRPC handler returns at once: gRPC delivers a
 * call's ready and cancel callbacks only after its handler returns. A stream sends a batch only when the client is
 * ready for it, so a slow client holds one batch, not the whole scan. A client that cancels stops the scan between
 * batches. Every stream ends with exactly one of completed or error.
 */
public final class WorkerFlightService extends NoOpFlightProducer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerFlightService.class);
    private static final long SHUTDOWN_SECONDS = 10;

    private final ScanExecutor executor;
    private final BufferAllocator allocator;
    private final byte[] secret;
    private final Duration clientReadTimeout;
    private final int maxConcurrentStreams;
    private final ThreadPoolExecutor streams;
    private final Set<ScanBatches> active = ConcurrentHashMap.newKeySet();

    /**
     * @param executor runs the tasks; the caller keeps ownership
     * @param allocator the parent of each scan's child allocator; the caller keeps ownership
     * @param secret the secret tickets must be signed with; copied, and never logged or shown
     * @param maxConcurrentStreams scans running at once; more are refused with RESOURCE_EXHAUSTED, not queued
     * @param clientReadTimeout how long a stream waits for a client that reads nothing before it gives up
     */
    public WorkerFlightService(ScanExecutor executor, BufferAllocator allocator, byte[] secret,
            int maxConcurrentStreams, Duration clientReadTimeout) {
        this.executor = requireNonNull(executor, "executor is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.secret = requireNonNull(secret, "secret is null").clone();
        this.clientReadTimeout = requireNonNull(clientReadTimeout, "clientReadTimeout is null");
        if (clientReadTimeout.isNegative() || clientReadTimeout.isZero()) {
            throw new IllegalArgumentException("clientReadTimeout must be positive: " + clientReadTimeout);
        }
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams must be at least 1: " + maxConcurrentStreams);
        }
        this.maxConcurrentStreams = maxConcurrentStreams;
        // No queue: a scan either gets a thread now or is refused, so the coordinator can send it elsewhere.
        this.streams = new ThreadPoolExecutor(maxConcurrentStreams, maxConcurrentStreams, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new NamedThreadFactory("sqe-worker-scan", NamedThreadFactory.QUERY_STACK_BYTES));
        streams.allowCoreThreadTimeOut(true);
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        ScanBatches batches;
        try {
            byte[] encodedTask = SignedScanTask.verify(ticket.getBytes(), secret);
            batches = executor.execute(encodedTask, allocator);
        } catch (RuntimeException e) {
            // Messages of SqeExceptions never hold storage properties, so they are safe to log and return.
            log.warn("Refused a scan task from {}: {}", context.peerIdentity(), e.getMessage());
            listener.error(FlightErrorTranslator.translate(e));
            return;
        }
        active.add(batches);
        try {
            streams.execute(() -> {
                try {
                    write(batches, listener);
                } finally {
                    active.remove(batches);
                }
            });
        } catch (RejectedExecutionException e) {
            active.remove(batches);
            batches.close();
            listener.error(FlightErrorTranslator.toStatus(ErrorCode.SERVER_BUSY, "the worker is already"
                    + " running " + maxConcurrentStreams + " scans; retry later or on another worker")
                    .toRuntimeException());
        }
    }

    /** Scans being streamed now. */
    public int activeStreams() {
        return active.size();
    }

    /** Cancels running scans, then waits briefly for their streams to end. The executor and allocator stay open. */
    @Override
    public void close() {
        streams.shutdown();
        active.forEach(ScanBatches::cancel);
        try {
            if (!streams.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
                streams.shutdownNow();
            }
        } catch (InterruptedException e) {
            streams.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void write(ScanBatches batches, ServerStreamListener listener) {
        boolean terminated = false;
        try (batches) {
            BackpressureStrategy.CallbackBackpressureStrategy backpressure =
                    new BackpressureStrategy.CallbackBackpressureStrategy() {
                        @Override
                        protected void cancelCallback() {
                            batches.cancel();
                        }
                    };
            backpressure.register(listener);
            if (listener.isCancelled()) {
                batches.cancel();
                throw cancelled(batches);
            }
            listener.start(batches.root());
            while (batches.next()) {
                awaitClient(backpressure, listener, batches);
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

    private void awaitClient(BackpressureStrategy backpressure, ServerStreamListener listener, ScanBatches batches) {
        BackpressureStrategy.WaitResult result = backpressure.waitForListener(clientReadTimeout.toMillis());
        switch (result) {
            case READY:
                return;
            case CANCELLED:
                throw cancelled(batches);
            case TIMEOUT:
                throw new SqeException(ErrorCode.EXCEEDED_TIME_LIMIT, "the client read nothing for "
                        + clientReadTimeout.toSeconds() + " seconds; the scan of task " + batches.task().taskId()
                        + " of query " + batches.task().queryId() + " was stopped");
            case OTHER:
                if (listener.isCancelled()) {
                    throw cancelled(batches);
                }
                throw new SqeException(ErrorCode.USER_CANCELED, "the scan of task " + batches.task().taskId()
                        + " of query " + batches.task().queryId() + " was interrupted by a worker shutdown");
            default:
                throw new IllegalStateException("unexpected wait result " + result);
        }
    }

    private static SqeException cancelled(ScanBatches batches) {
        return new SqeException(ErrorCode.USER_CANCELED, "the scan of task " + batches.task().taskId() + " of query "
                + batches.task().queryId() + " was cancelled by the client");
    }
}
