package io.sqe.coordinator.it;

import static io.sqe.coordinator.it.QueryAssertions.execute;
import static io.sqe.coordinator.it.QueryAssertions.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.coordinator.server.SqeWorkerProcess;
import io.sqe.core.config.Secret;
import io.sqe.core.config.SqeConfig;
import io.sqe.worker.WorkerFlightService;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --mode coordinator}: a coordinator sends its scans, signed, to two worker servers on 127.0.0.1 and returns
 * what a standalone server returns over the same tables; a worker that is gone is retried around, and with every
 * worker gone a query fails with WORKER_FAILED.
 */
class CoordinatorModeIT {
    private static final String SECRET = "coordinator-mode-secret";
    private static final List<String> QUERIES = List.of(
            "SELECT id, name, amount, d FROM c.t ORDER BY id",
            "SELECT d, count(*), sum(amount), min(name), max(id) FROM c.t GROUP BY d ORDER BY d",
            "SELECT count(*), sum(amount) FROM c.t WHERE id % 3 = 0",
            "SELECT count(*) FROM (SELECT id FROM c.t LIMIT 7) AS x",
            "SELECT a.id, b.name FROM c.t AS a JOIN c.t AS b ON a.id = b.id + 1 WHERE a.id < 20 ORDER BY a.id");

    @TempDir
    Path warehouse;

    @Test
    void aCoordinatorRunsItsScansOnTheWorkersAndSurvivesLosingThem() throws Exception {
        Map<String, List<List<String>>> standalone = new LinkedHashMap<>();
        try (TestServer server = TestServer.start(warehouse); Connection connection = server.connect("carla")) {
            execute(connection, "CREATE SCHEMA c",
                    "CREATE TABLE c.t (id bigint, name varchar, amount decimal(12, 2), d date)"
                            + " WITH (partitioning = ARRAY['d'])");
            // One file per INSERT and partition: a multi-file scan to spread over the workers.
            for (int batch = 0; batch < 6; batch++) {
                StringBuilder insert = new StringBuilder("INSERT INTO c.t VALUES ");
                for (int i = 0; i < 50; i++) {
                    int id = batch * 50 + i;
                    insert.append(i == 0 ? "" : ", ").append("(").append(id).append(", 'n").append(id % 17)
                            .append("', ").append(id).append(".25, DATE '2024-01-0").append(1 + id % 3).append("')");
                }
                execute(connection, insert.toString());
            }
            for (String query : QUERIES) {
                standalone.put(query, rows(connection, query));
            }
        }
        assertThat(standalone.get(QUERIES.get(0))).hasSize(300);

        SqeConfig defaults = SqeConfig.defaults();
        SqeConfig workerConfig = defaults.withWorker(defaults.worker().withPort(0).withSecret(new Secret(SECRET)));
        SqeWorkerProcess first = SqeWorkerProcess.start(workerConfig);
        SqeWorkerProcess second = SqeWorkerProcess.start(workerConfig);
        int secondPort = second.port();
        try {
            SqeConfig config = workerConfig.withCoordinator(defaults.coordinator().withWorkers(
                    List.of("grpc://127.0.0.1:" + first.port(), "grpc://127.0.0.1:" + second.port()), 0));
            try (TestServer coordinator = TestServer.start(warehouse, config, true);
                    Connection connection = coordinator.connect("carla")) {
                for (String query : QUERIES) {
                    assertThat(rows(connection, query)).as(query).isEqualTo(standalone.get(query));
                }
                assertThat(first.scannedTasks()).as("tasks the first worker ran").isPositive();
                assertThat(second.scannedTasks()).as("tasks the second worker ran").isPositive();

                first.close();
                for (String query : QUERIES) {
                    assertThat(rows(connection, query)).as("without the first worker: " + query)
                            .isEqualTo(standalone.get(query));
                }

                second.close();
                long start = System.nanoTime();
                assertThatThrownBy(() -> rows(connection, QUERIES.get(1)))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("WORKER_FAILED")
                        .hasMessageContaining("127.0.0.1:" + secondPort)
                        .hasMessageNotContaining(SECRET)
                        .hasMessageNotContaining("\tat ");
                assertThat(System.nanoTime() - start).as("nanoseconds to fail with no worker").isLessThan(30_000_000_000L);
            }
        } finally {
            first.close();
            second.close();
        }
    }

    /**
     * A client that stops reading a large distributed scan and closes its statement stops the scan's tasks on every
     * worker: the workers' Flight streams, held open by backpressure while the client does not read, all end.
     */
    @Test
    void closingAStatementStopsItsTasksOnEveryWorker() throws Exception {
        try (TestServer server = TestServer.start(warehouse); Connection connection = server.connect("carla")) {
            StringBuilder digits = new StringBuilder("(VALUES 0");
            for (int i = 1; i < 100; i++) {
                digits.append(", ").append(i);
            }
            digits.append(")");
            execute(connection, "CREATE SCHEMA c", "CREATE TABLE c.big (id bigint, payload varchar)");
            for (int batch = 0; batch < 2; batch++) {
                execute(connection, "INSERT INTO c.big SELECT " + batch + " * 1000000 + a.x * 10000 + b.x * 100 + c.x,"
                        + " 'payload that makes the rows wider than a number' FROM " + digits + " AS a(x) CROSS JOIN "
                        + digits + " AS b(x) CROSS JOIN " + digits + " AS c(x)");
            }
        }
        SqeConfig defaults = SqeConfig.defaults();
        SqeConfig workerConfig = defaults.withWorker(defaults.worker().withPort(0).withSecret(new Secret(SECRET)));
        try (SqeWorkerProcess first = SqeWorkerProcess.start(workerConfig);
                SqeWorkerProcess second = SqeWorkerProcess.start(workerConfig)) {
            SqeConfig config = workerConfig.withCoordinator(defaults.coordinator().withWorkers(
                    List.of("grpc://127.0.0.1:" + first.port(), "grpc://127.0.0.1:" + second.port()), 0));
            // The Flight SQL JDBC driver sends properties it does not know as call headers: a client's trace.
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            try (TestServer coordinator = TestServer.start(warehouse, config, true);
                    Connection connection = coordinator.connect("carla",
                            Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"))) {
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, payload FROM c.big");
                assertThat(rows.next()).isTrue();
                assertThat(first.activeScans() + second.activeScans())
                        .as("worker streams open while the client reads nothing").isPositive();
                // Every task carries its query's trace to its worker.
                List<WorkerFlightService.RunningTask> tasks = new ArrayList<>(first.runningTasks());
                tasks.addAll(second.runningTasks());
                assertThat(tasks).isNotEmpty().allSatisfy(task -> assertThat(task.traceParent())
                        .hasValueSatisfying(parent -> assertThat(parent).matches("00-" + traceId + "-[0-9a-f]{16}-01")));
                assertThat(tasks).extracting(WorkerFlightService.RunningTask::queryId).containsOnly(
                        tasks.get(0).queryId());
                rows.close();
                statement.close();
                long deadline = System.nanoTime() + 15_000_000_000L;
                while (first.activeScans() + second.activeScans() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(first.activeScans()).as("the first worker's open streams").isZero();
                assertThat(second.activeScans()).as("the second worker's open streams").isZero();
                assertThat(rows(connection, "SELECT count(*) FROM c.big")).containsExactly(List.of("2000000"));
            }
        }
    }
}
