package io.sqe.coordinator.it;

import static io.sqe.coordinator.it.QueryAssertions.execute;
import static io.sqe.coordinator.it.QueryAssertions.row;
import static io.sqe.coordinator.it.QueryAssertions.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README session: data written before a restart is there after it. */
class PersistenceIT {
    @TempDir
    Path warehouse;

    @Test
    void dataSurvivesARestart() throws Exception {
        try (TestServer server = TestServer.start(warehouse); Connection connection = server.connect("bob")) {
            execute(connection, "CREATE SCHEMA demo",
                    "CREATE TABLE demo.t AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)");
        }
        try (TestServer server = TestServer.start(warehouse); Connection connection = server.connect("bob")) {
            assertThat(rows(connection, "SELECT id, name FROM demo.t ORDER BY id"))
                    .containsExactly(row("1", "a"), row("2", "b"));
            execute(connection, "INSERT INTO demo.t VALUES (3, 'c')");
            assertThat(rows(connection, "SELECT count(*) FROM demo.t")).containsExactly(row("3"));
        }
    }
}
