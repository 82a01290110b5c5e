package io.sqe.coordinator.it;

import static io.sqe.coordinator.it.QueryAssertions.execute;
import static io.sqe.coordinator.it.QueryAssertions.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.config.SqeConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutdown drains: once the server is asked to stop, new statements fail with SERVER_SHUTTING_DOWN while a running
 * one may still be read to its end, and the server stops as soon as it has ended; a statement still running when the
 * drain's time bound is up is cancelled, and the server stops in bounded time.
 */
class ShutdownDrainIT {
    private static final long ROWS = 1_000_000;

    @TempDir
    Path warehouse;

    @BeforeEach
    void createTable() throws Exception {
        try (TestServer server = TestServer.start(warehouse); Connection connection = server.connect("carla")) {
            String digits = "(VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)";
            StringBuilder from = new StringBuilder();
            StringBuilder id = new StringBuilder("0");
            for (int i = 0; i < 6; i++) {
                from.append(i == 0 ? "" : " CROSS JOIN ").append(digits).append(" AS d").append(i).append("(x)");
                id.append(" * 10 + d").append(i).append(".x");
            }
            execute(connection, "CREATE SCHEMA c", "CREATE TABLE c.big (id bigint, payload varchar)",
                    "INSERT INTO c.big SELECT " + id + ", 'payload that makes the rows wider than a number' FROM "
                            + from);
            assertThat(rows(connection, "SELECT count(*) FROM c.big")).containsExactly(List.of(Long.toString(ROWS)));
        }
    }

    @Test
    void aRunningStatementFinishesWhileNewOnesAreRefused() throws Exception {
        SqeConfig config = SqeConfig.defaults();
        config = config.withCoordinator(config.coordinator().withDrainTimeout(Duration.ofSeconds(60)));
        TestServer server = TestServer.start(warehouse, config);
        CompletableFuture<Void> closed = null;
        try (Connection reader = server.connect("carla"); Connection other = server.connect("dora")) {
            Statement statement = reader.createStatement();
            ResultSet rows = statement.executeQuery("SELECT id, payload FROM c.big");
            assertThat(rows.next()).isTrue();
            long read = 1;

            long closing = System.nanoTime();
            closed = CompletableFuture.runAsync(server::close);
            SQLException refused = awaitRefusal(other);
            assertThat(refused.getMessage()).contains("SERVER_SHUTTING_DOWN").contains("is shutting down")
                    .doesNotContain("\tat ");
            assertThat(closed).as("the server waits for the running statement").isNotDone();

            while (rows.next()) {
                read++;
            }
            assertThat(read).isEqualTo(ROWS);
            rows.close();
            statement.close();
            closed.get(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - closing))
                    .as("stopped once the statement ended, well before the 60 s bound").isLessThan(Duration.ofSeconds(40));
        } finally {
            if (closed == null) {
                server.close();
            }
        }
    }

    @Test
    void aStatementStillRunningAtTheBoundIsCancelled() throws Exception {
        SqeConfig config = SqeConfig.defaults();
        config = config.withCoordinator(config.coordinator().withDrainTimeout(Duration.ofSeconds(2)));
        TestServer server = TestServer.start(warehouse, config);
        try (Connection reader = server.connect("carla")) {
            Statement statement = reader.createStatement();
            ResultSet rows = statement.executeQuery("SELECT id, payload FROM c.big");
            assertThat(rows.next()).isTrue();

            long closing = System.nanoTime();
            CompletableFuture.runAsync(server::close).get(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isGreaterThanOrEqualTo(Duration.ofSeconds(2))
                    .isLessThan(Duration.ofSeconds(20));
            // The client's read now ends with an error instead of hanging or returning a silently short result (the
            // driver raises some stream errors as its FlightRuntimeException rather than an SQLException).
            CompletableFuture<Long> rest = CompletableFuture.supplyAsync(() -> {
                long read = 1;
                try {
                    while (rows.next()) {
                        read++;
                    }
                } catch (SQLException | RuntimeException e) {
                    return -read;
                }
                return read;
            });
            assertThat(rest.get(60, TimeUnit.SECONDS)).as("rows read before the error, negated").isNegative();
        }
    }

    private static SQLException awaitRefusal(Connection connection) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try {
                rows(connection, "SELECT 1");
            } catch (SQLException e) {
                return e;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("new statements were still taken 15 s after the shutdown began");
    }
}
