package io.sqe.coordinator.it;

import static io.sqe.coordinator.it.QueryAssertions.execute;
import static io.sqe.coordinator.it.QueryAssertions.rows;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.coordinator.server.SqeWorkerProcess;
import io.sqe.core.config.Secret;
import io.sqe.core.config.SqeConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.worker.WorkerHeartbeat;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers that register ({@code [worker] coordinator_url}) instead of being listed: a coordinator with no
 * {@code worker_urls} schedules on the workers whose signed heartbeats it has, shows them in
 * {@code system.runtime.nodes}, refuses forged, stale, replayed and misaddressed heartbeats, drops a worker that
 * says it is leaving at once, and evicts one whose heartbeats stop.
 */
class WorkerRegistrationIT {
    private static final String SECRET = "registration-secret";
    private static final String NODES = "SELECT node_id, http_uri, coordinator, state, source, slots"
            + " FROM system.runtime.nodes ORDER BY coordinator DESC, http_uri";
    private static final String QUERY = "SELECT d, count(*), sum(id), min(name) FROM c.t GROUP BY d ORDER BY d";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path warehouse;

    @Test
    void workersRegisterHeartbeatAndLeave() throws Exception {
        List<List<String>> expected;
        try (TestServer server = TestServer.start(warehouse); Connection connection = server.connect("carla")) {
            execute(connection, "CREATE SCHEMA c", "CREATE TABLE c.t (id bigint, name varchar, d date)"
                    + " WITH (partitioning = ARRAY['d'])");
            for (int batch = 0; batch < 4; batch++) {
                StringBuilder insert = new StringBuilder("INSERT INTO c.t VALUES ");
                for (int i = 0; i < 25; i++) {
                    int id = batch * 25 + i;
                    insert.append(i == 0 ? "" : ", ").append("(").append(id).append(", 'n").append(id % 7)
                            .append("', DATE '2024-01-0").append(1 + id % 3).append("')");
                }
                execute(connection, insert.toString());
            }
            expected = rows(connection, QUERY);
            assertThat(rows(connection, NODES)).containsExactly(
                    Arrays.asList("standalone", "grpc://127.0.0.1:" + server.port(), "true", "active", "self", null));
        }
        assertThat(expected).hasSize(3);

        SqeConfig defaults = SqeConfig.defaults();
        SqeConfig base = defaults.withWorker(defaults.worker().withPort(0).withSecret(new Secret(SECRET)));
        SqeConfig coordinatorConfig = base.withCoordinator(defaults.coordinator().withWorkers(List.of(), 0));
        try (TestServer coordinator = TestServer.start(warehouse, coordinatorConfig, true);
                Connection connection = coordinator.connect("carla");
                BufferAllocator allocator = new RootAllocator();
                FlightClient cluster = FlightClient.builder(allocator,
                        Location.forGrpcInsecure("127.0.0.1", coordinator.clusterPort())).build()) {
            String coordinatorRow = "grpc://127.0.0.1:" + coordinator.port();
            assertThat(rows(connection, NODES)).containsExactly(
                    Arrays.asList("coordinator", coordinatorRow, "true", "active", "self", null));
            assertThatThrownBy(() -> rows(connection, QUERY))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("WORKER_FAILED")
                    .hasMessageContaining("no worker is registered")
                    .hasMessageNotContaining("\tat ");

            String clusterUrl = "grpc://127.0.0.1:" + coordinator.clusterPort();
            SqeConfig workerConfig = base.withWorker(base.worker().withRegistration(clusterUrl, 200));
            try (SqeWorkerProcess first = SqeWorkerProcess.start(workerConfig);
                    SqeWorkerProcess second = SqeWorkerProcess.start(workerConfig)) {
                String firstUrl = "grpc://127.0.0.1:" + first.port();
                String secondUrl = "grpc://127.0.0.1:" + second.port();
                List<List<String>> both = awaitNodes(connection, nodes -> nodes.size() == 3);
                assertThat(both.subList(1, 3)).containsExactlyInAnyOrder(
                        List.of(first.nodeId().orElseThrow(), firstUrl, "false", "active", "registered", "16"),
                        List.of(second.nodeId().orElseThrow(), secondUrl, "false", "active", "registered", "16"));

                assertThat(rows(connection, QUERY)).isEqualTo(expected);
                assertThat(first.scannedTasks() + second.scannedTasks()).as("tasks the workers ran").isPositive();

                refusesBadHeartbeats(cluster, first.port());
                assertThat(awaitNodes(connection, nodes -> nodes.size() == 3)).hasSize(3);

                // Heartbeats of a worker at an address nobody listens on, then silence: evicted after three.
                String ghost = "grpc://127.0.0.1:1";
                send(cluster, new WorkerHeartbeat("ghost", ghost, "dev", 4, 100, System.currentTimeMillis(), false)
                        .sign(SECRET.getBytes(UTF_8)));
                assertThat(rows(connection, NODES)).extracting(row -> row.get(1)).contains(ghost);
                assertThat(awaitNodes(connection, nodes -> nodes.stream().noneMatch(row -> row.get(1).equals(ghost))))
                        .hasSize(3);

                // A worker with another secret is refused, so it never appears.
                try (SqeWorkerProcess stranger = SqeWorkerProcess.start(workerConfig.withWorker(
                        workerConfig.worker().withSecret(new Secret("another-secret"))))) {
                    Thread.sleep(1_000);
                    assertThat(rows(connection, NODES)).extracting(row -> row.get(1))
                            .doesNotContain("grpc://127.0.0.1:" + stranger.port());
                }

                // Closing a worker tells the coordinator it is leaving: it is gone well before three beats.
                long closing = System.nanoTime();
                first.close();
                assertThat(rows(connection, NODES)).extracting(row -> row.get(1))
                        .containsExactly(coordinatorRow, secondUrl);
                assertThat(System.nanoTime() - closing).isLessThan(Duration.ofSeconds(5).toNanos());
                long before = second.scannedTasks();
                assertThat(rows(connection, QUERY)).isEqualTo(expected);
                assertThat(second.scannedTasks()).as("tasks the remaining worker ran").isGreaterThan(before);
            }
        }
    }

    @Test
    void aWorkerRefusesToAdvertiseEveryInterface() {
        SqeConfig defaults = SqeConfig.defaults();
        assertThatThrownBy(() -> SqeWorkerProcess.start(SqeConfig.load(java.util.Optional.empty(), java.util.Map.of(
                "SQE_WORKER__PORT", "0",
                "SQE_WORKER__WORKER_SECRET", SECRET,
                "SQE_WORKER__COORDINATOR_URL", "grpc://127.0.0.1:1",
                "SQE_WORKER__ADVERTISE_URL", "grpc://0.0.0.0:50052"))))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("advertise_url 'grpc://0.0.0.0:50052' names every interface")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.CONFIGURATION_INVALID);
        assertThat(defaults.worker().registration()).isEmpty();
    }

    private static void refusesBadHeartbeats(FlightClient cluster, int workerPort) {
        long now = System.currentTimeMillis();
        byte[] secret = SECRET.getBytes(UTF_8);
        WorkerHeartbeat forged = new WorkerHeartbeat("forged", "grpc://127.0.0.1:2", "dev", 4, 200, now, false);
        assertRefused(cluster, forged.sign("guess".getBytes(UTF_8)), FlightStatusCode.UNAUTHENTICATED,
                "signature does not match");
        assertRefused(cluster, "not a heartbeat".getBytes(UTF_8), FlightStatusCode.UNAUTHENTICATED,
                "the worker heartbeat is not signed");
        assertRefused(cluster, new WorkerHeartbeat("stale", "grpc://127.0.0.1:2", "dev", 4, 200, now - 120_000,
                false).sign(secret), FlightStatusCode.UNAUTHENTICATED, "stale or replayed");
        assertRefused(cluster, new WorkerHeartbeat("wild", "grpc://0.0.0.0:2", "dev", 4, 200, now, false)
                .sign(secret), FlightStatusCode.INVALID_ARGUMENT, "which no coordinator can connect to");

        byte[] genuine = new WorkerHeartbeat("replayed", "grpc://127.0.0.1:3", "dev", 4, 60_000, now, false)
                .sign(secret);
        send(cluster, genuine);
        assertRefused(cluster, genuine, FlightStatusCode.UNAUTHENTICATED, "replayed heartbeat is refused");
        send(cluster, new WorkerHeartbeat("replayed", "grpc://127.0.0.1:3", "dev", 4, 60_000, now + 1, true)
                .sign(secret));

        // A heartbeat is not a scan task, even though the worker secret signed it.
        try (BufferAllocator allocator = new RootAllocator();
                FlightClient worker = FlightClient.builder(allocator,
                        Location.forGrpcInsecure("127.0.0.1", workerPort)).build()) {
            assertThatThrownBy(() -> {
                try (FlightStream stream = worker.getStream(new Ticket(genuine))) {
                    stream.next();
                }
            }).isInstanceOf(FlightRuntimeException.class)
                    .hasMessageContaining("the scan task is not signed")
                    .extracting(e -> ((FlightRuntimeException) e).status().code())
                    .isEqualTo(FlightStatusCode.UNAUTHENTICATED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertRefused(cluster, genuine, FlightStatusCode.UNAUTHENTICATED, "replayed");
        assertThatThrownBy(() -> cluster.doAction(new Action("sqe.something.else", new byte[0])).hasNext())
                .isInstanceOf(FlightRuntimeException.class)
                .hasMessageContaining("takes only " + WorkerHeartbeat.ACTION);
    }

    private static void send(FlightClient cluster, byte[] envelope) {
        cluster.doAction(new Action(WorkerHeartbeat.ACTION, envelope)).forEachRemaining(result -> { });
    }

    private static void assertRefused(FlightClient cluster, byte[] envelope, FlightStatusCode code, String message) {
        assertThatThrownBy(() -> send(cluster, envelope))
                .isInstanceOf(FlightRuntimeException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining(SECRET)
                .extracting(e -> ((FlightRuntimeException) e).status().code())
                .isEqualTo(code);
    }

    private static List<List<String>> awaitNodes(Connection connection, Predicate<List<List<String>>> done)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<List<String>> nodes = rows(connection, NODES);
        while (!done.test(nodes)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("system.runtime.nodes did not reach the expected state in " + WAIT
                        + ": " + nodes);
            }
            Thread.sleep(100);
            nodes = rows(connection, NODES);
        }
        return nodes;
    }
}
