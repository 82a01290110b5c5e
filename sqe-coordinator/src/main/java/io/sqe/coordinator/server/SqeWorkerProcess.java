package io.sqe.coordinator.server;

import static java.util.Objects.requireNonNull;

import io.sqe.coordinator.flight.ArtifactVersion;
import io.sqe.core.config.SqeConfig;
import io.sqe.core.config.WorkerConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.worker.FlightUrls;
import io.sqe.worker.HeartbeatSender;
import io.sqe.worker.WorkerFlightService;
import io.sqe.worker.WorkerServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The composition root of {@code bin/sqe-server --mode worker}: an Arrow Flight server that runs signed ScanTasks.
 * Workers are stateless: no catalog, no sessions; everything a scan needs travels in its task. With
 * {@code [worker] coordinator_url} the worker registers with that coordinator and sends it heartbeats
 * ({@link HeartbeatSender}); without it, the coordinator must list the worker in {@code worker_urls}.
 */
public final class SqeWorkerProcess implements AutoCloseable {
    private final BufferAllocator allocator;
    private final WorkerServer server;
    private final Optional<HeartbeatSender> heartbeats;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqeWorkerProcess(BufferAllocator allocator, WorkerServer server, Optional<HeartbeatSender> heartbeats) {
        this.allocator = allocator;
        this.server = server;
        this.heartbeats = heartbeats;
    }

    public static SqeWorkerProcess start(SqeConfig config) {
        requireNonNull(config, "config is null");
        WorkerConfig worker = config.worker();
        byte[] secret = worker.secret().value().getBytes(StandardCharsets.UTF_8);
        BufferAllocator allocator = new RootAllocator();
        WorkerServer server = null;
        try {
            server = WorkerServer.start(worker.host(), worker.port(), secret, worker.insecureDevelopmentSecret(),
                    allocator);
            Optional<HeartbeatSender> heartbeats = Optional.empty();
            if (worker.registration().isPresent()) {
                heartbeats = Optional.of(heartbeats(worker, server.port(), secret, allocator));
            }
            return new SqeWorkerProcess(allocator, server, heartbeats);
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            allocator.close();
            throw e;
        }
    }

    private static HeartbeatSender heartbeats(WorkerConfig worker, int port, byte[] secret,
            BufferAllocator allocator) {
        String coordinatorUrl = worker.registration().orElseThrow();
        String advertiseUrl = worker.advertiseUrl(port);
        if (FlightUrls.isWildcard(FlightUrls.location(advertiseUrl, "[worker] advertise_url").getUri().getHost())) {
            throw new SqeException(ErrorCode.CONFIGURATION_INVALID, "[worker] advertise_url '" + advertiseUrl
                    + "' names every interface, which the coordinator cannot connect to; advertise the address the"
                    + " coordinator reaches this worker at, such as grpc://10.0.0.12:" + port);
        }
        return new HeartbeatSender(FlightUrls.location(coordinatorUrl, "[worker] coordinator_url"), coordinatorUrl,
                advertiseUrl, ArtifactVersion.server(), WorkerServer.DEFAULT_MAX_CONCURRENT_STREAMS,
                worker.heartbeatIntervalMillis(), secret, allocator);
    }

    public int port() {
        return server.port();
    }

    /** Scan tasks this worker has started. */
    public long scannedTasks() {
        return server.startedStreams();
    }

    /** Scan tasks this worker is streaming now. */
    public int activeScans() {
        return server.activeStreams();
    }

    /** The tasks this worker is streaming now, with the trace context each came with. */
    public List<WorkerFlightService.RunningTask> runningTasks() {
        return server.runningTasks();
    }

    /** The id this worker registers under, when it registers. */
    public Optional<String> nodeId() {
        return heartbeats.map(HeartbeatSender::nodeId);
    }

    /** Tells the coordinator this worker is leaving, then stops the worker; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        heartbeats.ifPresent(HeartbeatSender::close);
        server.close();
        allocator.close();
    }
}
