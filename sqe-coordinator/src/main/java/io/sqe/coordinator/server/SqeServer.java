package io.sqe.coordinator.server;

import static java.util.Objects.requireNonNull;

import io.sqe.auth.OidcAuthenticator;
import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.SessionCatalogs;
import io.sqe.catalog.SharedSessionCatalogs;
import io.sqe.catalog.rest.RestSessionCatalogs;
import io.sqe.core.cluster.ClusterNode;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.catalog.embedded.EmbeddedCatalogFactory;
import io.sqe.core.engine.ResultStream;
import io.sqe.coordinator.engine.SqeQueryEngine;
import io.sqe.coordinator.flight.ArtifactVersion;
import io.sqe.coordinator.flight.ClusterEndpoint;
import io.sqe.coordinator.flight.FlightSqlEndpoint;
import io.sqe.coordinator.scan.IcebergTableScanner;
import io.sqe.coordinator.scan.RemoteWorkers;
import io.sqe.core.session.LoginObserver;
import io.sqe.core.session.SessionManager;
import io.sqe.core.config.CatalogConfig;
import io.sqe.core.config.SqeConfig;
import io.sqe.core.engine.QueryListener;
import io.sqe.metrics.AuditLog;
import io.sqe.metrics.MetricsHttpServer;
import io.sqe.metrics.SqeMetrics;
import io.sqe.metrics.Tracing;
import io.sqe.coordinator.planner.QueryPlanner;
import io.sqe.policy.PolicyEnforcer;
import io.sqe.policy.PolicyEnforcerFactory;
import io.sqe.policy.rewrite.SqlPolicyExpressionPlanner;
import io.sqe.sql.SqlParsers;
import io.sqe.core.session.Session;
import io.sqe.core.session.SessionUser;
import io.sqe.trino.TrinoProtocolServer;
import io.sqe.trino.TrinoServerOptions;
import io.sqe.worker.ScanExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a standalone server: the embedded catalog, an in-process worker, the query
 * engine and the Flight SQL endpoint, built by constructor and closed in reverse order.
 */
public final class SqeServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqeServer.class);
    private static final String WARM_UP_PROTOCOL = "internal";

    private final SqeConfig config;
    private final SqeQueryEngine engine;
    private final FlightSqlEndpoint flightSql;
    private final TrinoProtocolServer trino;
    private final int metricsPort;
    private final int clusterPort;
    private final Deque<AutoCloseable> resources;

    private SqeServer(SqeConfig config, SqeQueryEngine engine, FlightSqlEndpoint flightSql,
            TrinoProtocolServer trino, int metricsPort, int clusterPort, Deque<AutoCloseable> resources) {
        this.config = config;
        this.engine = engine;
        this.flightSql = flightSql;
        this.trino = trino;
        this.metricsPort = metricsPort;
        this.clusterPort = clusterPort;
        this.resources = resources;
    }

    /** Starts a standalone server: every scan runs in this process. */
    public static SqeServer start(SqeConfig config) {
        return start(config, false);
    }

    /**
     * @param coordinator whether to run as {@code --mode coordinator}: scans of at least {@code [coordinator]
     *     distribution_threshold_bytes} run on the workers of {@code [coordinator] worker_urls}, signed with
     *     {@code [worker] worker_secret}
     */
    public static SqeServer start(SqeConfig config, boolean coordinator) {
        requireNonNull(config, "config is null");
        if (config.catalog().type() == CatalogConfig.CatalogType.REST && !config.auth().enabled()) {
            throw new SqeException(ErrorCode.CONFIGURATION_INVALID, "[catalog] type = \"rest\" calls the catalog "
                    + "with each user's own token, so it needs [auth] type = \"oidc\"");
        }
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            // First, so a missing or invalid rules file stops the start (CONFIGURATION_INVALID) before any port opens.
            PolicyEnforcer policies = PolicyEnforcerFactory.create(config.policy(),
                    new SqlPolicyExpressionPlanner(SqlParsers.parserConfig(), QueryPlanner.operatorTable()));
            resources.push(policies);
            BufferAllocator allocator = new RootAllocator();
            resources.push(allocator);
            SqeMetrics metrics = new SqeMetrics();
            resources.push(metrics);
            Tracing tracing = Tracing.create(config.tracing());
            resources.push(tracing);
            SessionCatalogs catalogs = catalogs(config, new ObservedCatalogCalls(metrics, tracing.tracer()));
            resources.push(catalogs);
            QueryListener listener = metrics;
            if (config.metrics().auditEnabled()) {
                AuditLog audit = new AuditLog(config.metrics().resolvedAuditPath(config.catalog().localDirectory()),
                        config.metrics().auditMaxFileBytes(), config.metrics().auditMaxFiles(), metrics);
                resources.push(audit);
                listener = listener.andThen(audit);
            }

            ScanExecutor worker = new ScanExecutor();
            resources.push(worker);
            Optional<RemoteWorkers> remote = Optional.empty();
            int clusterPort = -1;
            if (coordinator) {
                remote = Optional.of(remoteWorkers(config, allocator));
                resources.push(remote.get());
                ClusterEndpoint cluster = ClusterEndpoint.start(config.coordinator().host(),
                        config.coordinator().clusterPort(), remote.get(), allocator);
                resources.push(cluster);
                clusterPort = cluster.port();
            }
            IcebergTableScanner scanner = new IcebergTableScanner(worker, config.query().scanParallelism(), remote,
                    config.coordinator().distributionThresholdBytes());
            resources.push(scanner);
            AtomicInteger flightSqlPort = new AtomicInteger(config.coordinator().flightSqlPort());
            Supplier<List<ClusterNode>> nodes = nodes(config, coordinator, flightSqlPort, remote);
            SqeQueryEngine engine = new SqeQueryEngine(catalogs, scanner, allocator, config.query(), listener,
                    tracing.tracer(), policies, nodes);
            SessionService sessionService = sessionService(config, resources, metrics::authAttempt);
            resources.push(sessionService);
            SessionManager sessions = sessionService.sessions();
            metrics.gauge("sqe.sessions.active", "Open client sessions", sessions, SessionManager::openSessions);
            metrics.arrowMemory("root", allocator::getAllocatedMemory);
            FlightSqlEndpoint flightSql = FlightSqlEndpoint.start(config.coordinator().host(),
                    config.coordinator().flightSqlPort(), config.coordinator().tls(), engine, sessions, allocator,
                    catalogs.name());
            resources.push(flightSql);
            flightSqlPort.set(flightSql.port());
            TrinoProtocolServer trino = TrinoProtocolServer.start(
                    TrinoServerOptions.of(config.coordinator().host(), config.coordinator().trinoHttpPort())
                            .withTls(config.coordinator().tls()),
                    engine, sessions, catalogs.name());
            resources.push(trino);
            int metricsPort = -1;
            if (config.metrics().enabled()) {
                MetricsHttpServer metricsServer = MetricsHttpServer.start(config.metrics().host(),
                        config.metrics().port(), metrics, Map.of("catalog", catalogs::reachable,
                                "accepting_statements", engine::acceptingStatements));
                resources.push(metricsServer);
                metricsPort = metricsServer.port();
            }
            warmUp(engine, catalogs.name());
            log.info("SQE {} started: Flight SQL on {}:{}, Trino protocol on port {}, warehouse {}",
                    coordinator ? "coordinator (worker heartbeats on port " + clusterPort + ", listed workers "
                            + config.coordinator().workerUrls() + ")" : "standalone server",
                    config.coordinator().host(), flightSql.port(), trino.port(),
                    config.catalog().localDirectory().toAbsolutePath().normalize());
            return new SqeServer(config, engine, flightSql, trino, metricsPort, clusterPort, resources);
        } catch (RuntimeException | Error e) {
            RuntimeException closeFailure = closeAll(resources);
            if (closeFailure != null) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    private static RemoteWorkers remoteWorkers(SqeConfig config, BufferAllocator root) {
        byte[] secret = config.worker().secret().value().getBytes(StandardCharsets.UTF_8);
        if (secret.length == 0 && !config.worker().insecureDevelopmentSecret()) {
            throw new SqeException(ErrorCode.CONFIGURATION_INVALID, "the worker secret is empty; set [worker]"
                    + " worker_secret to the secret the workers check scan tasks with, or allow an insecure"
                    + " development secret explicitly");
        }
        return new RemoteWorkers(config.coordinator().workerUrls(), secret, root);
    }

    /** This process, then the workers of a coordinator: the rows of {@code system.runtime.nodes}. */
    private static Supplier<List<ClusterNode>> nodes(SqeConfig config, boolean coordinator,
            AtomicInteger flightSqlPort, Optional<RemoteWorkers> remote) {
        String version = ArtifactVersion.server();
        String role = coordinator ? "coordinator" : "standalone";
        return () -> {
            List<ClusterNode> nodes = new ArrayList<>();
            nodes.add(new ClusterNode(role, "grpc://" + config.coordinator().host() + ":" + flightSqlPort.get(),
                    version, true, ClusterNode.ACTIVE, "self", OptionalInt.empty(), OptionalLong.empty()));
            remote.ifPresent(workers -> nodes.addAll(workers.nodes()));
            return nodes;
        };
    }

    private static SessionService sessionService(SqeConfig config, Deque<AutoCloseable> resources,
            LoginObserver observer) {
        switch (config.auth().type()) {
            case NONE:
                return SessionService.allowAll(config.auth(), observer);
            case OIDC:
                OidcAuthenticator authenticator = OidcAuthenticator.create(config.auth());
                resources.push(authenticator);
                return SessionService.start(config.auth(), authenticator, observer);
        }
        throw new IllegalStateException("unhandled auth type " + config.auth().type());
    }

    private static SessionCatalogs catalogs(SqeConfig config, ObservedCatalogCalls observer) {
        switch (config.catalog().type()) {
            case EMBEDDED:
                JdbcCatalog iceberg = EmbeddedCatalogFactory.create(config.catalog());
                return new SharedSessionCatalogs(new SessionCatalog(config.catalog().name(), iceberg, observer), iceberg);
            case REST:
                return new RestSessionCatalogs(config.catalog(), config.storage(), observer);
        }
        throw new IllegalStateException("unhandled catalog type " + config.catalog().type());
    }

    /** The first Calcite plan in a JVM costs seconds (class loading, code generation); pay it at start-up. */
    private static void warmUp(SqeQueryEngine engine, String catalogName) {
        Session session = new Session(SessionUser.of("sqe-warm-up"), "127.0.0.1", WARM_UP_PROTOCOL, catalogName,
                Optional.empty());
        try (ResultStream stream = engine.prepare(session,
                "SELECT count(*), sum(x) FROM (VALUES (1), (2)) AS t(x) WHERE x > 0 GROUP BY x ORDER BY 1")
                .execute(List.of())) {
            while (stream.next()) {
                // drain
            }
        } catch (RuntimeException e) {
            log.warn("Planner warm-up failed; the first query will be slower", e);
        }
    }

    public SqeConfig config() {
        return config;
    }

    public int flightSqlPort() {
        return flightSql.port();
    }

    public int trinoHttpPort() {
        return trino.port();
    }

    /** The port workers send heartbeats to; empty unless this is a coordinator. */
    public java.util.OptionalInt clusterPort() {
        return clusterPort < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(clusterPort);
    }

    /** The port of /metrics, /health and /ready; empty when the endpoint is disabled. */
    public java.util.OptionalInt metricsPort() {
        return metricsPort < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(metricsPort);
    }

    /**
     * Drains, then stops the endpoints, then the engine's resources, then the allocator. The drain refuses new
     * statements with {@code SERVER_SHUTTING_DOWN} (and {@code /ready} answers 503) while running ones may finish,
     * for at most {@code [coordinator] drain_timeout_seconds}; whatever still runs then is cancelled by the close.
     * Everything is closed even when something fails; the first failure (a leaked Arrow buffer, say) is rethrown at
     * the end.
     */
    @Override
    public void close() {
        drain();
        RuntimeException failure = closeAll(resources);
        if (failure != null) {
            throw failure;
        }
    }

    private void drain() {
        java.time.Duration timeout = config.coordinator().drainTimeout();
        int running = engine.runningExecutions();
        if (running > 0 && !timeout.isZero()) {
            log.info("Draining: {} statement(s) running; new statements are refused; waiting at most {} s",
                    running, timeout.toSeconds());
        }
        try {
            int left = engine.drain(timeout);
            if (left > 0) {
                log.warn("{} statement(s) still running after the {} s drain; they are cancelled", left,
                        timeout.toSeconds());
            } else if (running > 0) {
                log.info("Drained: every running statement has finished");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException closeAll(Deque<AutoCloseable> resources) {
        RuntimeException failure = null;
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Failed to close {}", resource.getClass().getSimpleName(), e);
                if (failure == null) {
                    failure = new IllegalStateException("Failed to close " + resource.getClass().getSimpleName(), e);
                }
            }
        }
        return failure;
    }
}
