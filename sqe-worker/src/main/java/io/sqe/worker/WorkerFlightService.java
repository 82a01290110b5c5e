package io.sqe.worker;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.engine.BatchSource;
import io.sqe.planner.ScanTask;
import io.sqe.planner.ScanTaskCodec;
import io.sqe.planner.SignedScanTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's Flight endpoint: a DoGet whose ticket is a scan task signed by {@link SignedScanTask} streams the
 * task's rows as Arrow batches, or, for a task with a pushed partial aggregation, one row per group. Tickets not signed with the worker secret are refused with UNAUTHENTICATED before
 * anything is decoded.
 *
 * <p>Each stream runs on a bounded pool of named threads, so the gRPC handler returns at once: gRPC delivers a
 * call's ready and cancel callbacks only after its handler returns. A stream sends a batch only when the client is
 * ready for it, so a slow client holds one batch, not the whole scan. A client that cancels stops the scan between
 * batches. Every stream ends with exactly one of completed or error.
 */
public final class WorkerFlightService extends NoOpFlightProducer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerFlightService.class);

    private final ScanExecutor executor;
    private final BufferAllocator allocator;
    private final byte[] secret;
    private final int maxConcurrentStreams;
    private final FlightBatchWriter writer;
    private final Map<BatchSource, RunningTask> active = new ConcurrentHashMap<>();
    private final AtomicLong startedStreams = new AtomicLong();

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
        requireNonNull(clientReadTimeout, "clientReadTimeout is null");
        if (clientReadTimeout.isNegative() || clientReadTimeout.isZero()) {
            throw new IllegalArgumentException("clientReadTimeout must be positive: " + clientReadTimeout);
        }
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams must be at least 1: " + maxConcurrentStreams);
        }
        this.maxConcurrentStreams = maxConcurrentStreams;
        // No queue: a scan either gets a thread now or is refused, so the coordinator can send it elsewhere.
        this.writer = new FlightBatchWriter("sqe-worker-scan", maxConcurrentStreams, clientReadTimeout);
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        BatchSource batches;
        RunningTask running;
        String description;
        try {
            byte[] encodedTask = SignedScanTask.verify(ticket.getBytes(), secret);
            ScanTask task = ScanTaskCodec.decode(encodedTask);
            TraceContextMiddleware trace = context.getMiddleware(TraceContextMiddleware.KEY);
            running = new RunningTask(task.queryId(), task.taskId(),
                    trace == null ? Optional.empty() : trace.traceParent());
            description = "the scan of task " + task.taskId() + " of query " + task.queryId()
                    + running.traceParent().map(parent -> " (trace " + parent + ")").orElse("");
            batches = executor.open(encodedTask, allocator);
        } catch (RuntimeException e) {
            // Messages of SqeExceptions never hold storage properties, so they are safe to log and return.
            log.warn("Refused a scan task from {}: {}", context.peerIdentity(), e.getMessage());
            listener.error(FlightErrorTranslator.translate(e));
            return;
        }
        active.put(batches, running);
        startedStreams.incrementAndGet();
        if (!writer.start(batches, description, listener, () -> active.remove(batches))) {
            listener.error(FlightErrorTranslator.toStatus(ErrorCode.SERVER_BUSY, "the worker is already"
                    + " running " + maxConcurrentStreams + " scans; retry later or on another worker")
                    .toRuntimeException());
        }
    }

    /** Scans of verified tasks started since the service started. */
    public long startedStreams() {
        return startedStreams.get();
    }

    /** Scans being streamed now. */
    public int activeStreams() {
        return active.size();
    }

    /** The tasks being streamed now. */
    public List<RunningTask> runningTasks() {
        return List.copyOf(active.values());
    }

    /**
     * A task this worker is streaming.
     *
     * @param traceParent the W3C {@code traceparent} the coordinator sent with the task, if any
     */
    public record RunningTask(String queryId, int taskId, Optional<String> traceParent) {}

    /** Cancels running scans, then waits briefly for their streams to end. The executor and allocator stay open. */
    @Override
    public void close() {
        active.keySet().forEach(BatchSource::cancel);
        writer.close();
    }
}
