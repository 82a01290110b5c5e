package io.sqe.coordinator.it;

import static io.sqe.coordinator.it.QueryAssertions.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.catalog.embedded.EmbeddedCatalogFactory;
import io.sqe.coordinator.server.SqeWorkerProcess;
import io.sqe.core.config.Secret;
import io.sqe.core.config.SqeConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.ScanPlan;
import io.sqe.planner.ScanPlanner;
import io.sqe.planner.ScanTask;
import io.sqe.planner.ScanTaskCodec;
import io.sqe.planner.SignedScanTask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/sqe-server --mode worker}: a worker process scans a table SQE wrote, from a signed task. */
class WorkerModeIT {
    private static final String SECRET = "worker-test-secret";

    @TempDir
    Path warehouse;

    @Test
    void aWorkerRunsSignedTasksOverTablesSqeWrote() throws Exception {
        try (TestServer server = TestServer.start(warehouse); Connection connection = server.connect("wendy")) {
            execute(connection, "CREATE SCHEMA w", "CREATE TABLE w.t (x integer, d date) WITH (partitioning = ARRAY['d'])",
                    "INSERT INTO w.t VALUES (1, DATE '2024-01-01'), (2, DATE '2024-01-02'), (3, DATE '2024-01-02')");
        }
        SqeConfig defaults = SqeConfig.defaults();
        SqeConfig config = defaults.withWorker(defaults.worker().withPort(0).withSecret(new Secret(SECRET)));
        try (SqeWorkerProcess worker = SqeWorkerProcess.start(config);
                JdbcCatalog catalog = EmbeddedCatalogFactory.create(defaults.catalog().withWarehouse(warehouse));
                RootAllocator allocator = new RootAllocator();
                FlightClient client = FlightClient.builder(allocator,
                        Location.forGrpcInsecure("127.0.0.1", worker.port())).build()) {
            Table table = catalog.loadTable(TableIdentifier.of("w", "t"));
            ScanPlan plan = new ScanPlanner().plan(table, List.of(1), Expressions.equal("d", "2024-01-02"),
                    Map.of(ScanTask.IO_IMPL, table.io().getClass().getName()), "worker-mode-test");
            assertThat(plan.statistics().skippedDataFiles()).as("partition pruning before the task is sent").isEqualTo(1);
            long sum = 0;
            for (ScanTask task : plan.tasks()) {
                byte[] ticket = SignedScanTask.sign(ScanTaskCodec.encode(task), SECRET.getBytes(StandardCharsets.UTF_8));
                try (FlightStream stream = client.getStream(new Ticket(ticket))) {
                    while (stream.next()) {
                        IntVector x = (IntVector) stream.getRoot().getVector(0);
                        for (int row = 0; row < stream.getRoot().getRowCount(); row++) {
                            sum += x.get(row);
                        }
                    }
                }
            }
            assertThat(sum).isEqualTo(5);

            byte[] forged = SignedScanTask.sign(ScanTaskCodec.encode(plan.tasks().get(0)),
                    "another-secret".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> {
                try (FlightStream stream = client.getStream(new Ticket(forged))) {
                    stream.next();
                }
            }).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
                assertThat(e.status().description()).startsWith("AUTHENTICATION_FAILED:").doesNotContain(SECRET);
            });
        }
    }

    @Test
    void aWorkerWithoutASecretRefusesToStart() {
        SqeConfig defaults = SqeConfig.defaults();
        assertThatThrownBy(() -> SqeWorkerProcess.start(defaults.withWorker(defaults.worker().withPort(0))))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                .hasMessageContaining("secret is empty");
    }
}
