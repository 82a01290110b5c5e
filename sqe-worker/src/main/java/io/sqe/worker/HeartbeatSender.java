package io.sqe.worker;

import static java.util.Objects.requireNonNull;

import io.sqe.core.concurrent.NamedThreadFactory;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a worker with its coordinator and keeps it registered: a signed {@link WorkerHeartbeat} every interval,
 * and on {@link #close()} a last one that says the worker is leaving, so the coordinator stops sending it tasks at
 * once instead of after the missed heartbeats.
 *
 * <p>The coordinator may be down or not yet up: heartbeats keep being sent, and the log says when the state
 * changes (registered, refused, unreachable), not on every beat. Thread-safe.
 */
public final class HeartbeatSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatSender.class);
    private static final long LEAVING_TIMEOUT_MILLIS = 2_000;

    private final String coordinatorUrl;
    private final String advertiseUrl;
    private final String version;
    private final int slots;
    private final long intervalMillis;
    private final byte[] secret;
    private final String nodeId = UUID.randomUUID().toString();
    private final FlightClient client;
    private final ScheduledExecutorService scheduler;
    private volatile String lastOutcome = "";

    /**
     * Starts sending heartbeats at once.
     *
     * @param coordinator the coordinator's cluster endpoint ({@code [coordinator] cluster_port})
     * @param coordinatorUrl the same, as configured, for log messages
     * @param advertiseUrl where the coordinator reaches this worker
     * @param secret the worker secret heartbeats are signed with; copied, never logged
     * @param allocator the Flight client's allocator; the caller keeps ownership
     */
    public HeartbeatSender(Location coordinator, String coordinatorUrl, String advertiseUrl, String version,
            int slots, long intervalMillis, byte[] secret, BufferAllocator allocator) {
        this.coordinatorUrl = requireNonNull(coordinatorUrl, "coordinatorUrl is null");
        this.advertiseUrl = requireNonNull(advertiseUrl, "advertiseUrl is null");
        this.version = requireNonNull(version, "version is null");
        this.slots = slots;
        this.intervalMillis = intervalMillis;
        this.secret = requireNonNull(secret, "secret is null").clone();
        this.client = FlightClient.builder(requireNonNull(allocator, "allocator is null"),
                requireNonNull(coordinator, "coordinator is null")).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("sqe-heartbeat", 0));
        scheduler.scheduleWithFixedDelay(() -> send(false, intervalMillis), 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** The id this worker registers under; new for every start. */
    public String nodeId() {
        return nodeId;
    }

    private void send(boolean leaving, long timeoutMillis) {
        WorkerHeartbeat heartbeat = new WorkerHeartbeat(nodeId, advertiseUrl, version, slots, intervalMillis,
                System.currentTimeMillis(), leaving);
        try {
            Iterator<Result> results = client.doAction(new Action(WorkerHeartbeat.ACTION, heartbeat.sign(secret)),
                    CallOptions.timeout(Math.max(timeoutMillis, 1_000), TimeUnit.MILLISECONDS));
            results.forEachRemaining(result -> { });
            outcome(leaving ? "left" : "registered", null);
        } catch (RuntimeException e) {
            // Never let an exception end the schedule: the next beat may succeed.
            String outcome = e instanceof FlightRuntimeException flight ? flight.status().code().name()
                    : e.getClass().getSimpleName();
            if (leaving) {
                log.info("Worker {} could not tell coordinator {} that it is leaving ({}: {}); the coordinator"
                        + " evicts it after {} missed heartbeats", advertiseUrl, coordinatorUrl, outcome,
                        e.getMessage(), WorkerHeartbeat.MISSED_HEARTBEATS);
            } else {
                outcome(outcome, e.getMessage());
            }
        }
    }

    private void outcome(String outcome, String message) {
        if (outcome.equals(lastOutcome)) {
            return;
        }
        lastOutcome = outcome;
        switch (outcome) {
            case "registered" -> log.info("Worker {} ({}) is registered with coordinator {}", advertiseUrl, nodeId,
                    coordinatorUrl);
            case "left" -> log.info("Worker {} told coordinator {} that it is leaving", advertiseUrl, coordinatorUrl);
            default -> log.warn("Worker {} could not register with coordinator {} ({}): {}; retrying every {} ms",
                    advertiseUrl, coordinatorUrl, outcome, message, intervalMillis);
        }
    }

    /** Stops the heartbeats and tells the coordinator this worker is leaving (waiting at most two seconds). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (scheduler.awaitTermination(LEAVING_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                send(true, LEAVING_TIMEOUT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                client.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.debug("Closing the coordinator client failed", e);
            }
        }
    }
}
