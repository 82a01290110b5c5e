package io.sqe.coordinator.it;

import static io.sqe.coordinator.it.QueryAssertions.columnNames;
import static io.sqe.coordinator.it.QueryAssertions.execute;
import static io.sqe.coordinator.it.QueryAssertions.row;
import static io.sqe.coordinator.it.QueryAssertions.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every statement kind of the embedded server, driven through Arrow's Flight SQL JDBC driver. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlightSqlJdbcIT {
    private Path warehouse;

    private TestServer server;
    private Connection connection;

    @BeforeAll
    void start(@TempDir Path directory) throws SQLException {
        warehouse = directory;
        server = TestServer.start(warehouse);
        connection = server.connect("alice");
    }

    @AfterAll
    void stop() throws SQLException {
        connection.close();
        server.close();
    }

    @Test
    void schemasTablesAndWrites() throws Exception {
        execute(connection, "CREATE SCHEMA sales", "CREATE SCHEMA IF NOT EXISTS sales",
                "CREATE TABLE sales.items (id integer NOT NULL, name varchar, price decimal(10,2), sold date)"
                        + " WITH (partitioning = ARRAY['month(sold)', 'bucket(id, 4)'])");
        try (Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO sales.items VALUES (1, 'pen', 1.50, DATE '2024-01-05'),"
                    + " (2, 'ink', 12.00, DATE '2024-02-10'), (3, NULL, NULL, DATE '2024-02-11')")).isEqualTo(3);
            assertThat(statement.executeUpdate("INSERT INTO sales.items (name, id) SELECT name || '!', id + 10"
                    + " FROM sales.items WHERE name IS NOT NULL")).isEqualTo(2);
            assertThat(statement.executeUpdate("CREATE TABLE sales.expensive AS SELECT id, price FROM sales.items"
                    + " WHERE price > 10")).isEqualTo(1);
        }
        assertThat(rows(connection, "SELECT id, name, price, sold FROM sales.items ORDER BY id")).containsExactly(
                row("1", "pen", "1.50", "2024-01-05"),
                row("2", "ink", "12.00", "2024-02-10"),
                row("3", null, null, "2024-02-11"),
                row("11", "pen!", null, null),
                row("12", "ink!", null, null));
        assertThat(rows(connection, "SELECT * FROM sales.expensive")).containsExactly(row("2", "12.00"));
        assertThat(rows(connection, "SELECT count(*) FROM sales.items WHERE sold >= DATE '2024-02-01'"))
                .containsExactly(row("2"));

        execute(connection, "DROP TABLE sales.expensive", "DROP TABLE IF EXISTS sales.expensive");
        assertThat(rows(connection, "SHOW TABLES FROM sales")).containsExactly(row("items"));
        assertThatThrownBy(() -> execute(connection, "DROP SCHEMA sales"))
                .hasMessageContaining("SCHEMA_NOT_EMPTY");
        execute(connection, "DROP TABLE sales.items", "DROP SCHEMA sales", "DROP SCHEMA IF EXISTS sales");
        assertThat(rows(connection, "SHOW SCHEMAS")).doesNotContain(row("sales"));
    }

    @Test
    void everyWriteCommitsExactlyOneSnapshot() throws Exception {
        execute(connection, "CREATE SCHEMA snap", "CREATE TABLE snap.t (x integer)");
        long before = metadataFiles("snap", "t");
        execute(connection, "INSERT INTO snap.t VALUES (1), (2)");
        assertThat(metadataFiles("snap", "t")).isEqualTo(before + 1);
        execute(connection, "INSERT INTO snap.t SELECT x * 10 FROM snap.t");
        assertThat(metadataFiles("snap", "t")).isEqualTo(before + 2);
        assertThatThrownBy(() -> execute(connection, "INSERT INTO snap.t SELECT 1 / (x - x) FROM snap.t"))
                .hasMessageContaining("DIVISION_BY_ZERO");
        assertThat(metadataFiles("snap", "t")).as("a failed write commits nothing").isEqualTo(before + 2);
        assertThat(rows(connection, "SELECT sum(x) FROM snap.t")).containsExactly(row("33"));
        assertThat(dataFiles("snap", "t")).as("the failed write left no data files").isEqualTo(2);
    }

    @Test
    void catalogStatements() throws Exception {
        execute(connection, "CREATE SCHEMA meta",
                "CREATE TABLE meta.events (id bigint, kind varchar, at timestamp(6)) WITH (partitioning = ARRAY['day(at)'])");
        assertThat(rows(connection, "SHOW CATALOGS")).containsExactly(row("iceberg"), row("system"));
        assertThat(rows(connection, "SHOW SCHEMAS LIKE 'me%'")).containsExactly(row("meta"));
        assertThat(rows(connection, "SHOW SCHEMAS FROM iceberg")).contains(row("meta"), row("information_schema"));
        assertThat(rows(connection, "SHOW TABLES FROM meta LIKE 'ev%'")).containsExactly(row("events"));
        assertThat(columnNames(connection, "DESCRIBE meta.events")).containsExactly("Column", "Type", "Extra", "Comment");
        assertThat(rows(connection, "DESCRIBE meta.events")).containsExactly(
                row("id", "bigint", "", ""), row("kind", "varchar", "", ""), row("at", "timestamp(6)", "", ""));
        assertThat(rows(connection, "SHOW COLUMNS FROM meta.events")).hasSize(3);
        assertThat(rows(connection, "SHOW CREATE TABLE meta.events").get(0).get(0))
                .contains("CREATE TABLE \"iceberg\".\"meta\".\"events\"")
                .contains("\"at\" timestamp(6)")
                .contains("partitioning = ARRAY['day(at)']");
        execute(connection, "USE meta", "INSERT INTO events VALUES (1, 'click', TIMESTAMP '2024-05-01 10:00:00')");
        assertThat(rows(connection, "SELECT kind FROM events")).containsExactly(row("click"));
        assertThat(rows(connection, "SELECT table_name, table_type FROM information_schema.tables"
                + " WHERE table_schema = 'meta'")).containsExactly(row("events", "BASE TABLE"));
        assertThat(rows(connection, "SELECT schema_name FROM iceberg.information_schema.schemata"
                + " WHERE schema_name = 'meta'")).containsExactly(row("meta"));
        assertThat(rows(connection, "SELECT column_name, ordinal_position, data_type, is_nullable"
                + " FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position"))
                .containsExactly(row("id", "1", "bigint", "YES"), row("kind", "2", "varchar", "YES"),
                        row("at", "3", "timestamp(6)", "YES"));
        String plan = rows(connection, "EXPLAIN SELECT kind FROM events WHERE at > TIMESTAMP '2024-05-01 00:00:00'")
                .get(0).get(0);
        assertThat(plan).contains("SqeTableScan").contains("pruningFilters").contains("columns=[[kind, at]]");
        assertThat(rows(connection, "SELECT current_user")).containsExactly(row("alice"));
    }

    @Test
    void typesRoundTrip() throws Exception {
        execute(connection, "CREATE SCHEMA types", "CREATE TABLE types.all_types (b boolean, i integer, l bigint,"
                + " r real, d double, dec decimal(20,4), s varchar, bin varbinary, dt date, t time(6), ts timestamp(6),"
                + " tstz timestamp(6) with time zone)",
                "INSERT INTO types.all_types VALUES (true, -7, 9000000000, 1.5, 2.25, 1234567890123.4567, 'héllo ☃',"
                        + " X'CAFE', DATE '1969-12-31', TIME '23:59:58.123', TIMESTAMP '2024-02-29 12:34:56.789',"
                        + " TIMESTAMP '2024-02-29 12:34:56.789'),"
                        + " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        try (Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery("SELECT * FROM types.all_types ORDER BY i NULLS LAST")) {
            assertThat(resultSet.next()).isTrue();
            assertThat(resultSet.getObject("b")).isEqualTo(true);
            assertThat(resultSet.getObject("i")).isEqualTo(-7);
            assertThat(resultSet.getObject("l")).isEqualTo(9_000_000_000L);
            assertThat(resultSet.getObject("r")).isEqualTo(1.5f);
            assertThat(resultSet.getObject("d")).isEqualTo(2.25d);
            assertThat(resultSet.getBigDecimal("dec")).isEqualTo(new BigDecimal("1234567890123.4567"));
            assertThat(resultSet.getString("s")).isEqualTo("héllo ☃");
            assertThat(resultSet.getBytes("bin")).containsExactly(0xCA, 0xFE);
            assertThat(resultSet.getString("dt")).isEqualTo("1969-12-31");
            assertThat(resultSet.getObject("t")).isNotNull();
            assertThat(resultSet.getString("ts")).isEqualTo("2024-02-29 12:34:56.789");
            assertThat(resultSet.getObject("tstz")).isNotNull();
            assertThat(resultSet.next()).isTrue();
            for (int column = 1; column <= 12; column++) {
                assertThat(resultSet.getString(column)).as("column %d of the NULL row", column).isNull();
                assertThat(resultSet.wasNull()).isTrue();
            }
            assertThat(resultSet.next()).isFalse();
        }
        assertThat(rows(connection, "SELECT 0.06 - 0.01, avg(dec), sum(dec) FROM types.all_types"))
                .containsExactly(row("0.05", "1234567890123.456700", "1234567890123.4567"));
    }

    @Test
    void databaseMetadata() throws Exception {
        execute(connection, "CREATE SCHEMA md", "CREATE TABLE md.people (id integer NOT NULL, name varchar, born date)");
        DatabaseMetaData metadata = connection.getMetaData();
        assertThat(collect(metadata.getCatalogs(), "TABLE_CAT")).containsExactly("iceberg");
        assertThat(collect(metadata.getSchemas("iceberg", "m_"), "TABLE_SCHEM")).containsExactly("md");
        assertThat(collect(metadata.getTables("iceberg", "md", "%", null), "TABLE_NAME")).containsExactly("people");
        assertThat(collect(metadata.getTables("iceberg", "md", "%", new String[] {"TABLE"}), "TABLE_TYPE"))
                .containsExactly("TABLE");
        assertThat(collect(metadata.getColumns("iceberg", "md", "people", "%"), "COLUMN_NAME"))
                .containsExactly("id", "name", "born");
        assertThat(collect(metadata.getColumns("iceberg", "md", "people", "%"), "DATA_TYPE"))
                .containsExactly(String.valueOf(java.sql.Types.INTEGER), String.valueOf(java.sql.Types.VARCHAR),
                        String.valueOf(java.sql.Types.DATE));
        assertThat(collect(metadata.getTableTypes(), "TABLE_TYPE")).contains("TABLE");
    }

    @Test
    void preparedStatementsBindParameters() throws Exception {
        execute(connection, "CREATE SCHEMA prep", "CREATE TABLE prep.kv (k integer, v varchar)");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO prep.kv VALUES (?, ?)")) {
            insert.setInt(1, 1);
            insert.setString(2, "one");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            insert.setInt(1, 2);
            insert.setString(2, "two");
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT v FROM prep.kv WHERE k = ?")) {
            select.setInt(1, 2);
            try (ResultSet resultSet = select.executeQuery()) {
                assertThat(rows(resultSet)).containsExactly(row("two"));
            }
            select.setInt(1, 1);
            try (ResultSet resultSet = select.executeQuery()) {
                assertThat(rows(resultSet)).containsExactly(row("one"));
            }
        }
    }

    @Test
    void aPreparedInsertBatchCommitsOnceOrNotAtAll() throws Exception {
        execute(connection, "CREATE SCHEMA bulk",
                "CREATE TABLE bulk.sales (id bigint NOT NULL, name varchar, price decimal(10,2), sold date)");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bulk.sales VALUES (?, ?, ?, ?)")) {
            for (int i = 1; i <= 2_500; i++) {
                insert.setLong(1, i);
                insert.setString(2, i % 10 == 0 ? null : "item-" + i);
                insert.setBigDecimal(3, i % 7 == 0 ? null : BigDecimal.valueOf(i, 2));
                insert.setDate(4, java.sql.Date.valueOf(java.time.LocalDate.of(2024, 1, 1).plusDays(i % 366)));
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(2_500);
        }
        assertThat(rows(connection, "SELECT count(*), count(name), count(price), sum(id), sum(price), max(sold)"
                + " FROM bulk.sales")).containsExactly(row("2500", "2250", "2143", "3126250", "26789.29",
                        "2024-12-31"));
        assertThat(rows(connection, "SELECT name, price, sold FROM bulk.sales WHERE id = 70"))
                .containsExactly(row(null, null, "2024-03-11"));
        // One commit: the 2,500 rows are one data file, not one file per row.
        assertThat(dataFiles("bulk", "sales")).isEqualTo(1);
        long commits = metadataFiles("bulk", "sales");

        // A row that breaks the NOT NULL constraint fails the whole batch, says which row, and writes nothing.
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bulk.sales VALUES (?, ?, ?, ?)")) {
            for (int i = 1; i <= 5; i++) {
                if (i == 4) {
                    insert.setNull(1, java.sql.Types.BIGINT);
                } else {
                    insert.setLong(1, 10_000 + i);
                }
                insert.setString(2, "late");
                insert.setBigDecimal(3, new BigDecimal("1.00"));
                insert.setDate(4, java.sql.Date.valueOf("2025-01-01"));
                insert.addBatch();
            }
            assertThatThrownBy(insert::executeBatch)
                    .hasMessageContaining("parameter row 4 of 5")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\tat "));
        }
        assertThat(rows(connection, "SELECT count(*) FROM bulk.sales")).containsExactly(row("2500"));
        assertThat(dataFiles("bulk", "sales")).isEqualTo(1);
        assertThat(metadataFiles("bulk", "sales")).isEqualTo(commits);
        execute(connection, "DROP TABLE bulk.sales", "DROP SCHEMA bulk");
    }

    @Test
    void errorsAreCategorizedAndTheServerKeepsServing() {
        Stream.of(
                new String[] {"SELEC 1", "SYNTAX_ERROR", "line 1:1"},
                new String[] {"SELECT * FORM x", "SYNTAX_ERROR", "line 1:15"},
                new String[] {"SELECT * FROM nowhere.t", "SCHEMA_NOT_FOUND", "nowhere"},
                new String[] {"SELECT * FROM information_schema.nope", "TABLE_NOT_FOUND", "nope"},
                new String[] {"SELECT nope FROM iceberg.information_schema.schemata", "COLUMN_NOT_FOUND", "nope"},
                new String[] {"SELECT true + 1", "TYPE_MISMATCH", "line 1:8"},
                new String[] {"SELECT CAST('a' AS integer)", "INVALID_CAST_ARGUMENT", "Cannot cast"},
                new String[] {"SELECT 1 / 0", "DIVISION_BY_ZERO", "Division by zero"},
                new String[] {"SELECT no_such_function(1)", "FUNCTION_NOT_FOUND", "no_such_function"},
                new String[] {"CREATE TABLE x.y.z.w (a integer)", "SYNTAX_ERROR", ""},
                new String[] {"CREATE TABLE iceberg.nope.t (a integer)", "SCHEMA_NOT_FOUND", "nope"},
                new String[] {"CREATE TABLE other.s.t (a integer)", "CATALOG_NOT_FOUND", "other"},
                new String[] {"CREATE TABLE information_schema.t (a tinyblob)", "TYPE_NOT_FOUND", "tinyblob"},
                new String[] {"EXPLAIN ANALYZE INSERT INTO t VALUES (1)", "NOT_SUPPORTED", "EXPLAIN ANALYZE"})
                .forEach(error -> assertThatThrownBy(() -> rows(connection, error[0]))
                        .as(error[0])
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining(error[1])
                        .hasMessageContaining(error[2])
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\tat ", "Exception:")));
        assertThat(rowsUnchecked("SELECT 1 + 1")).containsExactly(row("2"));
    }

    private List<List<String>> rowsUnchecked(String sql) {
        try {
            return rows(connection, sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private long metadataFiles(String schema, String table) throws IOException {
        try (Stream<Path> files = Files.list(warehouse.resolve(schema).resolve(table).resolve("metadata"))) {
            return files.filter(path -> path.toString().endsWith(".metadata.json")).count();
        }
    }

    private long dataFiles(String schema, String table) throws IOException {
        Path data = warehouse.resolve(schema).resolve(table).resolve("data");
        if (!Files.exists(data)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(path -> path.toString().endsWith(".parquet")).count();
        }
    }

    private static List<String> collect(ResultSet resultSet, String column) throws SQLException {
        try (resultSet) {
            List<String> values = new ArrayList<>();
            while (resultSet.next()) {
                values.add(resultSet.getString(column));
            }
            return values;
        }
    }
}
