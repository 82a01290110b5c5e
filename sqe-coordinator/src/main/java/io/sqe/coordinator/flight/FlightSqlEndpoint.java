package io.sqe.coordinator.flight;

import static java.util.Objects.requireNonNull;

import io.sqe.core.engine.QueryEngine;
import io.grpc.netty.NettyServerBuilder;
import io.sqe.core.config.TlsConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.SessionManager;
import java.util.function.Consumer;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.sqe.core.concurrent.NamedThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running Flight SQL server: binds a host and port (0 picks a free port), serves
 * {@link SqeFlightSqlService} behind its session authenticator, and on close stops the server, then the
 * service, then its allocator.
 */
public final class FlightSqlEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FlightSqlEndpoint.class);
    private static final long SHUTDOWN_SECONDS = 10;
    private static final int HANDLER_THREADS = 64;
    private static final int HANDLER_QUEUE = 10_000;

    private final BufferAllocator allocator;
    private final SqeFlightSqlService service;
    private final FlightServer server;
    private final ExecutorService handlers;

    private FlightSqlEndpoint(BufferAllocator allocator, SqeFlightSqlService service, FlightServer server,
            ExecutorService handlers) {
        this.allocator = allocator;
        this.service = service;
        this.server = server;
        this.handlers = handlers;
    }

    /**
     * Starts serving on {@code host:port}. Memory for the server comes from a child of {@code parentAllocator}
     * that this endpoint owns and closes.
     */
    public static FlightSqlEndpoint start(String host, int port, QueryEngine engine, SessionManager sessions,
            BufferAllocator parentAllocator, String defaultCatalog) {
        return start(host, port, TlsConfig.disabled(), engine, sessions, parentAllocator, defaultCatalog);
    }

    /** Starts serving on {@code host:port}, over TLS when {@code tls} is enabled. */
    public static FlightSqlEndpoint start(String host, int port, TlsConfig tls, QueryEngine engine,
            SessionManager sessions, BufferAllocator parentAllocator, String defaultCatalog) {
        requireNonNull(host, "host is null");
        requireNonNull(tls, "tls is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(sessions, "sessions is null");
        requireNonNull(parentAllocator, "parentAllocator is null");
        requireNonNull(defaultCatalog, "defaultCatalog is null");
        BufferAllocator allocator = parentAllocator.newChildAllocator("flight-sql", 0, parentAllocator.getLimit());
        // Tickets tell clients to reuse the connection they already have, so they work behind any address
        // translation and with port 0.
        SqeFlightSqlService service = new SqeFlightSqlService(engine, sessions, allocator,
                Location.reuseConnection(), defaultCatalog);
        // Handlers parse and plan statements: give them bounded, named threads with a large stack.
        ThreadPoolExecutor handlers = new ThreadPoolExecutor(HANDLER_THREADS, HANDLER_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(HANDLER_QUEUE),
                new NamedThreadFactory("sqe-flight-handler", NamedThreadFactory.QUERY_STACK_BYTES));
        handlers.allowCoreThreadTimeOut(true);
        FlightServer server;
        try {
            Location location = tls.enabled() ? Location.forGrpcTls(host, port) : Location.forGrpcInsecure(host, port);
            FlightServer.Builder builder = FlightServer.builder(allocator, location, service)
                    .headerAuthenticator(service.authenticator())
                    .executor(handlers)
                    .transportHint("grpc.builderConsumer",
                            (Consumer<NettyServerBuilder>) netty -> netty.intercept(new PeerAddressInterceptor()));
            if (tls.enabled()) {
                builder.useTls(tls.certificateChain().orElseThrow().toFile(), tls.privateKey().orElseThrow().toFile());
            }
            server = builder.build();
        } catch (IOException | RuntimeException e) {
            handlers.shutdownNow();
            service.close();
            allocator.close();
            throw new SqeException(ErrorCode.CONFIGURATION_INVALID, "cannot set up the Flight SQL server's TLS: "
                    + e.getMessage() + "; check [coordinator.tls] cert_file and key_file", e);
        }
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            handlers.shutdownNow();
            closeQuietly(server, service, allocator);
            if (e instanceof IOException) {
                throw new UncheckedIOException("cannot start the Flight SQL server on " + host + ":" + port, (IOException) e);
            }
            throw (RuntimeException) e;
        }
        log.info("Flight SQL server listening on {}:{}", host, server.getPort());
        return new FlightSqlEndpoint(allocator, service, server, handlers);
    }

    /** The bound port, useful when started with port 0. */
    public int port() {
        return server.getPort();
    }

    public SqeFlightSqlService service() {
        return service;
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
                log.warn("Flight SQL server did not stop within {} s; closing it", SHUTDOWN_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handlers.shutdownNow();
        service.close();
        allocator.close();
    }

    private static void closeQuietly(FlightServer server, SqeFlightSqlService service, BufferAllocator allocator) {
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Ignoring failure while closing a server that did not start", e);
        }
        service.close();
        allocator.close();
    }
}
