package io.sqe.coordinator.flight;

import static java.util.Objects.requireNonNull;

import io.sqe.coordinator.scan.RemoteWorkers;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.worker.FlightErrorTranslator;
import io.sqe.worker.WorkerHeartbeat;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's cluster port ({@code [coordinator] cluster_port}): a Flight server with one action,
 * {@link WorkerHeartbeat#ACTION}, through which workers register and stay registered. Every heartbeat is signed
 * with the worker secret ({@link WorkerHeartbeat#verify}); unsigned, forged, stale and replayed ones are refused
 * with UNAUTHENTICATED and change nothing. Nothing else is served here: queries, tickets and listings are refused.
 */
public final class ClusterEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterEndpoint.class);
    private static final long SHUTDOWN_SECONDS = 5;

    private final BufferAllocator allocator;
    private final FlightServer server;

    private ClusterEndpoint(BufferAllocator allocator, FlightServer server) {
        this.allocator = allocator;
        this.server = server;
    }

    /**
     * Starts taking heartbeats for {@code workers} on {@code host:port}.
     *
     * @throws SqeException {@code CONFIGURATION_INVALID} when the port cannot be bound
     */
    public static ClusterEndpoint start(String host, int port, RemoteWorkers workers, BufferAllocator parent) {
        requireNonNull(host, "host is null");
        requireNonNull(workers, "workers is null");
        BufferAllocator allocator = parent.newChildAllocator("sqe-cluster", 0, parent.getLimit());
        FlightServer server = FlightServer.builder(allocator, Location.forGrpcInsecure(host, port),
                new HeartbeatProducer(workers)).build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            try {
                server.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            allocator.close();
            throw new SqeException(ErrorCode.CONFIGURATION_INVALID, "the coordinator cannot take worker heartbeats on "
                    + host + ":" + port + " (" + e.getMessage() + "); choose a free [coordinator] cluster_port", e);
        }
        log.info("Cluster endpoint listening on {}:{} for worker heartbeats", host, server.getPort());
        return new ClusterEndpoint(allocator, server);
    }

    /** The bound port, useful when started with port 0. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            server.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            allocator.close();
        }
    }

    private static final class HeartbeatProducer extends NoOpFlightProducer {
        private final RemoteWorkers workers;

        HeartbeatProducer(RemoteWorkers workers) {
            this.workers = workers;
        }

        @Override
        public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
            if (!WorkerHeartbeat.ACTION.equals(action.getType())) {
                listener.onError(FlightErrorTranslator.toStatus(ErrorCode.INVALID_REQUEST, "the cluster port takes"
                        + " only " + WorkerHeartbeat.ACTION + " actions; clients connect to the Flight SQL port")
                        .toRuntimeException());
                return;
            }
            try {
                workers.heartbeat(action.getBody());
            } catch (RuntimeException e) {
                // Messages of SqeExceptions hold no secret; the worker logs them as the reason it is not registered.
                log.warn("Refused a worker heartbeat: {}", e.getMessage());
                listener.onError(FlightErrorTranslator.translate(e));
                return;
            }
            listener.onCompleted();
        }

        @Override
        public void listActions(CallContext context, StreamListener<ActionType> listener) {
            listener.onNext(new ActionType(WorkerHeartbeat.ACTION, "a worker's signed heartbeat"));
            listener.onCompleted();
        }
    }
}
