package io.sqe.benchmark.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster: {@code sqe-server --mode coordinator} and two {@code --mode worker} processes, each its own JVM on
 * 127.0.0.1, over a TPC-H SF 0.01 warehouse, reached through the Flight SQL JDBC driver. The workers register with
 * the coordinator ({@code [worker] coordinator_url}); every scan is distributed ({@code
 * distribution_threshold_bytes = 0}). The 22 queries must give the standalone server's results and DuckDB's; then
 * one worker is killed with {@code kill -9} while aggregations run, and they must still be right, and the killed
 * worker must drop out of {@code system.runtime.nodes}; then the other is, and a query must fail cleanly and
 * quickly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TpchClusterIT {
    private static final ScaleFactor SCALE_FACTOR = ScaleFactor.of("0.01");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SECRET = "tpch-cluster-it-worker-secret";
    private static final long HEARTBEAT_MILLIS = 500;
    /** Q1's aggregation: every task is partially aggregated on its worker, so it streams its rows only at its end. */
    private static final String AGGREGATION = "SELECT l_returnflag, l_linestatus, count(*) AS n,"
            + " sum(l_quantity) AS quantity, sum(l_extendedprice) AS price FROM lineitem"
            + " GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus";

    private final Map<Integer, QueryResult> standalone = new HashMap<>();
    private QueryResult standaloneAggregation;
    private final List<SqeProcess> workers = new ArrayList<>();
    private SqeProcess coordinator;
    private Connection sqe;
    private Connection duckDb;
    private QueryRunner runner;

    @BeforeAll
    void startCluster(@TempDir Path directory) throws Exception {
        Path warehouse = directory.resolve("warehouse");
        Driver driver = FlightSqlJdbcDriver.load(
                Path.of(System.getProperty(FlightSqlJdbcDriver.JAR_PROPERTY, "target/client-drivers/missing.jar")));
        runner = new QueryRunner(TIMEOUT);
        // Loaded and answered once by a standalone server in this JVM, which then stops: the cluster reads the
        // same tables.
        try (SqeConnections server = SqeConnections.startServer(driver, warehouse)) {
            new TpchLoader(server::connect, 10_000, 2).load(SCALE_FACTOR);
            try (Connection connection = server.connect()) {
                use(connection);
                for (int query : TpchQueries.all()) {
                    standalone.put(query, runner.run(connection, TpchQueries.sql(query)));
                }
                standaloneAggregation = runner.run(connection, AGGREGATION);
            }
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("SQE_COORDINATOR__HOST", "127.0.0.1");
        environment.put("SQE_COORDINATOR__FLIGHT_SQL_PORT", "0");
        environment.put("SQE_COORDINATOR__TRINO_HTTP_PORT", "0");
        environment.put("SQE_COORDINATOR__CLUSTER_PORT", "0");
        environment.put("SQE_COORDINATOR__DISTRIBUTION_THRESHOLD_BYTES", "0");
        environment.put("SQE_WORKER__WORKER_SECRET", SECRET);
        environment.put("SQE_CATALOG__WAREHOUSE", warehouse.toString());
        environment.put("SQE_METRICS__ENABLED", "false");
        environment.put("SQE_METRICS_AUDIT__ENABLED", "false");
        coordinator = SqeProcess.start("coordinator", environment, directory.resolve("coordinator.log"));
        // The workers are not listed anywhere: they register with the coordinator's cluster port.
        for (int i = 1; i <= 2; i++) {
            workers.add(SqeProcess.start("worker", Map.of("SQE_WORKER__HOST", "127.0.0.1", "SQE_WORKER__PORT", "0",
                    "SQE_WORKER__WORKER_SECRET", SECRET, "SQE_WORKER__COORDINATOR_URL", coordinator.clusterUrl(),
                    "SQE_WORKER__HEARTBEAT_INTERVAL_MS", Long.toString(HEARTBEAT_MILLIS)),
                    directory.resolve("worker-" + i + ".log")));
        }
        sqe = SqeConnections.remote(driver, "jdbc:arrow-flight-sql://127.0.0.1:" + coordinator.port()
                + "?useEncryption=false", "tpch", "unused").connect();
        use(sqe);
        awaitWorkers(List.of(workers.get(0).url(), workers.get(1).url()));
        duckDb = DuckDbReference.open(warehouse, SCALE_FACTOR);
    }

    /** Waits until {@code system.runtime.nodes} lists exactly {@code urls} as the workers, in any state. */
    private void awaitWorkers(List<String> urls) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> listed = workerNodes();
        while (!new HashSet<>(listed).equals(new HashSet<>(urls)) || listed.size() != urls.size()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the workers are " + listed + ", not " + urls + ", after 20 s");
            }
            Thread.sleep(100);
            listed = workerNodes();
        }
    }

    private List<String> workerNodes() throws SQLException {
        List<String> urls = new ArrayList<>();
        try (Statement statement = sqe.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT http_uri FROM system.runtime.nodes WHERE NOT coordinator")) {
            while (rows.next()) {
                urls.add(rows.getString(1));
            }
        }
        return urls;
    }

    private static void use(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("USE " + SCALE_FACTOR.schemaName());
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (runner != null) {
            runner.close();
        }
        if (sqe != null) {
            sqe.close();
        }
        if (duckDb != null) {
            duckDb.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        for (SqeProcess worker : workers) {
            worker.close();
        }
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyQueryOnTheClusterMatchesStandaloneAndDuckDb() {
        return TpchQueries.all().stream().map(query -> DynamicTest.dynamicTest("Q" + query, () -> {
            QueryOutcome outcome = new QueryComparison(sqe, duckDb, runner, 0, 1).run(query);
            assertThat(outcome.problem()).as("Q%d on the cluster compared with DuckDB", query).isEmpty();
            QueryResult cluster = runner.run(sqe, TpchQueries.sql(query));
            assertThat(ResultComparison.difference(standalone.get(query), cluster))
                    .as("Q%d on the cluster compared with standalone", query).isEmpty();
            assertThat(cluster.rows()).hasSameSizeAs(standalone.get(query).rows()).isNotEmpty();
        }));
    }

    /**
     * Aggregations run back to back while the first worker is killed: each is right, through retries of the tasks
     * that were on it, and the coordinator's log shows such a retry.
     */
    @Test
    @Order(2)
    void killingAWorkerDuringScansLosesNoQuery() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> queries = loop.submit(() -> {
                int runs = 0;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
                while (System.nanoTime() < until && runs < 200) {
                    QueryResult result = runner.run(sqe, AGGREGATION);
                    Optional<String> difference = ResultComparison.difference(standaloneAggregation, result);
                    assertThat(difference).as("aggregation %d around the kill", runs).isEmpty();
                    runs++;
                }
                return runs;
            });
            Thread.sleep(1_000);
            workers.get(0).kill();
            assertThat(queries.get(60, TimeUnit.SECONDS)).isGreaterThan(1);
        } finally {
            loop.shutdownNow();
        }
        assertThat(coordinator.output()).contains("failed on worker " + workers.get(0).url()
                + " before its first row; trying worker " + workers.get(1).url());
        // A killed worker sends no more heartbeats, so the coordinator evicts it after three intervals.
        awaitWorkers(List.of(workers.get(1).url()));
        assertThat(coordinator.output()).contains("Worker " + workers.get(0).url() + " (")
                .contains(") is evicted: no heartbeat for");
        for (int query : List.of(1, 3, 6, 18)) {
            assertThat(ResultComparison.difference(standalone.get(query), runner.run(sqe, TpchQueries.sql(query))))
                    .as("Q%d with one worker left", query).isEmpty();
        }
    }

    @Test
    @Order(3)
    void withEveryWorkerDeadAQueryFailsCleanlyAndQuickly() throws Exception {
        workers.get(1).kill();
        long start = System.nanoTime();
        // Before its eviction the dead worker is tried and named; after it there is no worker at all.
        assertThatThrownBy(() -> runner.run(sqe, AGGREGATION))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(QueryComparison.oneLine((SQLException) e))
                        .contains("WORKER_FAILED")
                        .containsAnyOf(workers.get(1).url(), "no worker is registered")
                        .doesNotContain(SECRET)
                        .doesNotContain("\tat "));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        awaitWorkers(List.of());
        assertThatThrownBy(() -> runner.run(sqe, AGGREGATION))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(QueryComparison.oneLine((SQLException) e))
                        .contains("WORKER_FAILED").contains("no worker is registered"));
        assertThat(coordinator.output()).doesNotContain(SECRET);
        // The coordinator itself is unharmed: a query that needs no worker still runs.
        assertThat(runner.run(sqe, "SELECT 41 + 1").rows().toString()).isEqualTo("[[42]]");
    }
}
