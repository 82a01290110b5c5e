package io.sqe.worker;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process's Flight server: the composition root that wires a {@link ScanExecutor} and a
 * {@link WorkerFlightService} to a socket. The server binds only the host it is given; it refuses the wildcard
 * address, because a worker holds storage credentials for every task it runs and must not listen on every network.
 */
public final class WorkerServer implements AutoCloseable {
    /** Scans one worker streams at once unless configured otherwise. */
    public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 16;
    /** How long a stream waits for a client that reads nothing, unless configured otherwise. */
    public static final Duration DEFAULT_CLIENT_READ_TIMEOUT = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(WorkerServer.class);
    private static final long SHUTDOWN_SECONDS = 10;

    private final BufferAllocator allocator;
    private final ScanExecutor executor;
    private final WorkerFlightService service;
    private final FlightServer server;

    private WorkerServer(BufferAllocator allocator, ScanExecutor executor, WorkerFlightService service,
            FlightServer server) {
        this.allocator = allocator;
        this.executor = executor;
        this.service = service;
        this.server = server;
    }

    /**
     * Starts a worker on {@code host:port} with the default batch size, stream limit and client timeout.
     *
     * @param host the address to bind, such as {@code 127.0.0.1} or the worker's private address; never a wildcard
     * @param port the port, or 0 for any free port (see {@link #port()})
     * @param secret the secret the coordinator signs tasks with
     * @param allowInsecureDevelopmentSecret accept an empty secret, which lets anyone who reaches the port read
     *     whatever the tasks' credentials can; for a single-machine development setup only
     * @param parent the allocator the server's own allocator is taken from; the caller keeps ownership
     * @throws SqeException {@code CONFIGURATION_INVALID} for a wildcard host, an empty secret without the flag, or a
     *     port that cannot be bound
     */
    public static WorkerServer start(String host, int port, byte[] secret, boolean allowInsecureDevelopmentSecret,
            BufferAllocator parent) {
        requireNonNull(host, "host is null");
        requireNonNull(secret, "secret is null");
        requireNonNull(parent, "parent is null");
        String trimmed = host.trim();
        if (FlightUrls.isWildcard(trimmed)) {
            throw new SqeException(ErrorCode.CONFIGURATION_INVALID, "the worker cannot listen on '" + host
                    + "', which means every network; give it the address of the network the coordinator uses,"
                    + " such as 127.0.0.1 or a private address");
        }
        if (port < 0 || port > 65535) {
            throw new SqeException(ErrorCode.CONFIGURATION_INVALID, "worker port " + port
                    + " is not between 0 and 65535");
        }
        if (secret.length == 0) {
            if (!allowInsecureDevelopmentSecret) {
                throw new SqeException(ErrorCode.CONFIGURATION_INVALID, "the worker secret is empty; set the secret"
                        + " the coordinator signs scan tasks with, or allow an insecure development secret explicitly");
            }
            log.warn("Worker on {} accepts scan tasks signed with an empty secret; anyone who can reach it can read"
                    + " storage with the tasks' credentials. Use this for local development only", trimmed);
        }

        BufferAllocator allocator = parent.newChildAllocator("sqe-worker", 0, parent.getLimit());
        ScanExecutor executor = new ScanExecutor();
        WorkerFlightService service = new WorkerFlightService(executor, allocator, secret,
                DEFAULT_MAX_CONCURRENT_STREAMS, DEFAULT_CLIENT_READ_TIMEOUT);
        FlightServer server = FlightServer.builder(allocator, Location.forGrpcInsecure(trimmed, port), service)
                .middleware(TraceContextMiddleware.KEY, new TraceContextMiddleware.Factory())
                .build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            closeAll(server, service, executor, allocator);
            throw new SqeException(ErrorCode.CONFIGURATION_INVALID, "the worker cannot listen on " + trimmed + ":"
                    + port + " (" + e.getMessage() + "); choose a free port and an address of this machine", e);
        }
        log.info("Worker listening on {}:{}", trimmed, server.getPort());
        return new WorkerServer(allocator, executor, service, server);
    }

    /** The bound port: the one asked for, or the one chosen when 0 was asked for. */
    public int port() {
        return server.getPort();
    }

    /** Scans of verified tasks started since the server started. */
    public long startedStreams() {
        return service.startedStreams();
    }

    /** Scans being streamed now. */
    public int activeStreams() {
        return service.activeStreams();
    }

    /** The tasks being streamed now, with the trace context each came with. */
    public List<WorkerFlightService.RunningTask> runningTasks() {
        return service.runningTasks();
    }

    /** Stops accepting calls, cancels running scans, and releases the executor and the allocator. */
    @Override
    public void close() {
        closeAll(server, service, executor, allocator);
        log.info("Worker stopped");
    }

    private static void closeAll(FlightServer server, WorkerFlightService service, ScanExecutor executor,
            BufferAllocator allocator) {
        try {
            server.shutdown();
            // Running streams end once their scans see the cancel below, so the service closes before the wait.
            service.close();
            server.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                executor.close();
                allocator.close();
            }
        }
    }
}
