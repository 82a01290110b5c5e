package io.sqe.coordinator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stock trino-jdbc 476 driver against SQE's Trino protocol endpoint. */
class TrinoJdbcIT {
    private static final String DIGITS = "(VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)";

    @TempDir
    static Path warehouse;
    private static TestServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = TestServer.start(warehouse);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA jdbc");
            statement.execute("CREATE TABLE jdbc.all_types (b boolean, i integer, l bigint, r real, d double, "
                    + "dec decimal(10,2), s varchar, vb varbinary, dt date, tm time(6), ts timestamp(6))");
            assertThat(statement.executeUpdate("INSERT INTO jdbc.all_types VALUES (true, 1, 2, CAST(1.5 AS real), "
                    + "2.5, 12.34, 'héllo', X'0aff', DATE '2024-01-05', TIME '10:00:00.123', "
                    + "TIMESTAMP '2024-01-05 10:00:00.123'), (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                    + "NULL, NULL)")).isEqualTo(2);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection connect() throws SQLException {
        return TrinoJdbcDriver.connect(server.trinoPort(), "alice", "/iceberg");
    }

    @Test
    void resultSetGettersForEveryType() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM jdbc.all_types ORDER BY i NULLS LAST")) {
            assertThat(rows.getMetaData().getColumnCount()).isEqualTo(11);
            assertThat(rows.getMetaData().getColumnType(6)).isEqualTo(Types.DECIMAL);
            assertThat(rows.getMetaData().getColumnTypeName(11)).isEqualTo("timestamp(6)");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean("b")).isTrue();
            assertThat(rows.getInt("i")).isEqualTo(1);
            assertThat(rows.getLong("l")).isEqualTo(2L);
            assertThat(rows.getFloat("r")).isEqualTo(1.5f);
            assertThat(rows.getDouble("d")).isEqualTo(2.5);
            assertThat(rows.getBigDecimal("dec")).isEqualTo(new BigDecimal("12.34"));
            assertThat(rows.getString("s")).isEqualTo("héllo");
            assertThat(rows.getBytes("vb")).containsExactly(0x0a, 0xff);
            assertThat(rows.getObject("dt", LocalDate.class)).isEqualTo(LocalDate.of(2024, 1, 5));
            assertThat(rows.getDate("dt")).isEqualTo(Date.valueOf("2024-01-05"));
            assertThat(rows.getTime("tm")).isEqualTo(new Time(Time.valueOf("10:00:00").getTime() + 123));
            assertThat(rows.getTimestamp("ts")).isEqualTo(Timestamp.valueOf("2024-01-05 10:00:00.123"));
            assertThat(rows.next()).isTrue();
            for (int column = 1; column <= 11; column++) {
                assertThat(rows.getObject(column)).isNull();
            }
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void preparedStatementsWithParameters() throws SQLException {
        try (Connection connection = connect()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO jdbc.all_types (i, s, dt, dec) VALUES (?, ?, ?, ?)")) {
                insert.setInt(1, 7);
                insert.setString(2, "it's");
                insert.setDate(3, Date.valueOf("2024-03-01"));
                insert.setBigDecimal(4, new BigDecimal("9.99"));
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT s, dt, dec, ? + 1 FROM jdbc.all_types WHERE i = ? AND s = ?")) {
                query.setLong(1, 41);
                query.setInt(2, 7);
                query.setString(3, "it's");
                try (ResultSet rows = query.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("it's");
                    assertThat(rows.getDate(2)).isEqualTo(Date.valueOf("2024-03-01"));
                    assertThat(rows.getBigDecimal(3)).isEqualTo(new BigDecimal("9.99"));
                    assertThat(rows.getLong(4)).isEqualTo(42L);
                    assertThat(rows.next()).isFalse();
                }
            }
        }
    }

    @Test
    void useChangesTheSchemaOfLaterStatements() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("USE jdbc");
            assertThat(connection.getSchema()).isEqualTo("jdbc");
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM all_types")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isGreaterThanOrEqualTo(2L);
            }
        }
    }

    @Test
    void badSqlFailsWithTheEngineErrorCode() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT nope FROM jdbc.all_types"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(47))
                    .hasMessageContaining("line 1:8: Column 'nope' not found in any table");
            assertThatThrownBy(() -> statement.executeQuery("SELEC 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1))
                    .hasMessageContaining("line 1:1: mismatched input 'SELEC'");
        }
    }

    @Test
    void aLargeResultIsReadToTheEnd() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(digits(6))) {
            long count = 0;
            long sum = 0;
            while (rows.next()) {
                count++;
                sum += rows.getLong(1);
            }
            assertThat(count).isEqualTo(1_000_000L);
            assertThat(sum).isEqualTo(499_999_500_000L);
        }
    }

    @Test
    void cancelStopsARunningQuery() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            ResultSet rows = statement.executeQuery(digits(9));
            assertThat(rows.next()).isTrue();
            CompletableFuture<Void> cancel = CompletableFuture.runAsync(() -> {
                try {
                    statement.cancel();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            cancel.get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> {
                while (rows.next()) {
                    // a billion rows: only a cancel ends this loop in time
                }
            }).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void databaseMetaDataListsCatalogsSchemasTablesAndColumns() throws SQLException {
        try (Connection connection = connect()) {
            DatabaseMetaData metaData = connection.getMetaData();
            assertThat(rows(metaData.getCatalogs(), "TABLE_CAT"))
                    .containsExactly(List.of("iceberg"), List.of("system"));
            assertThat(rows(metaData.getTableTypes(), "TABLE_TYPE")).containsExactly(List.of("TABLE"), List.of("VIEW"));
            assertThat(rows(metaData.getSchemas(), "TABLE_CATALOG", "TABLE_SCHEM"))
                    .contains(List.of("iceberg", "jdbc"), List.of("iceberg", "information_schema"),
                            List.of("system", "jdbc"));
            assertThat(rows(metaData.getSchemas("iceberg", "jd%"), "TABLE_SCHEM")).containsExactly(List.of("jdbc"));
            assertThat(rows(metaData.getTables("iceberg", "jdbc", "%", new String[] {"TABLE"}),
                    "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"))
                    .containsExactly(List.of("iceberg", "jdbc", "all_types", "TABLE"));
            assertThat(rows(metaData.getTables("system", "jdbc", "c%", null), "TABLE_NAME", "TABLE_TYPE"))
                    .containsExactly(List.of("catalogs", "VIEW"), List.of("columns", "VIEW"));
            assertThat(rows(metaData.getColumns("iceberg", "jdbc", "all_types", null),
                    "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "ORDINAL_POSITION", "IS_NULLABLE"))
                    .containsExactly(
                            List.of("b", String.valueOf(Types.BOOLEAN), "boolean", "1", "YES"),
                            List.of("i", String.valueOf(Types.INTEGER), "integer", "2", "YES"),
                            List.of("l", String.valueOf(Types.BIGINT), "bigint", "3", "YES"),
                            List.of("r", String.valueOf(Types.REAL), "real", "4", "YES"),
                            List.of("d", String.valueOf(Types.DOUBLE), "double", "5", "YES"),
                            List.of("dec", String.valueOf(Types.DECIMAL), "decimal(10,2)", "6", "YES"),
                            List.of("s", String.valueOf(Types.VARCHAR), "varchar", "7", "YES"),
                            List.of("vb", String.valueOf(Types.VARBINARY), "varbinary", "8", "YES"),
                            List.of("dt", String.valueOf(Types.DATE), "date", "9", "YES"),
                            List.of("tm", String.valueOf(Types.TIME), "time(6)", "10", "YES"),
                            List.of("ts", String.valueOf(Types.TIMESTAMP), "timestamp(6)", "11", "YES"));
            try (ResultSet decimal = metaData.getColumns("iceberg", "jdbc", "all_types", "dec")) {
                assertThat(decimal.next()).isTrue();
                assertThat(decimal.getInt("COLUMN_SIZE")).isEqualTo(10);
                assertThat(decimal.getInt("DECIMAL_DIGITS")).isEqualTo(2);
                assertThat(decimal.getInt("NULLABLE")).isEqualTo(DatabaseMetaData.columnNullable);
                assertThat(decimal.next()).isFalse();
            }
            assertThat(rows(metaData.getTypeInfo(), "TYPE_NAME")).contains(List.of("varchar"), List.of("bigint"));
        }
    }

    @Test
    void databaseMetaDataListingsOfThingsSqeDoesNotHaveAreEmpty() throws SQLException {
        try (Connection connection = connect()) {
            DatabaseMetaData metaData = connection.getMetaData();
            assertThat(rows(metaData.getProcedures(null, null, null), "PROCEDURE_NAME")).isEmpty();
            assertThat(rows(metaData.getProcedureColumns(null, null, null, null), "COLUMN_NAME")).isEmpty();
            assertThat(rows(metaData.getUDTs(null, null, null, null), "TYPE_NAME")).isEmpty();
            assertThat(rows(metaData.getSuperTypes(null, null, null), "TYPE_NAME")).isEmpty();
            assertThat(rows(metaData.getSuperTables(null, null, null), "TABLE_NAME")).isEmpty();
            assertThat(rows(metaData.getAttributes(null, null, null, null), "ATTR_NAME")).isEmpty();
            assertThat(rows(metaData.getPseudoColumns(null, null, null, null), "COLUMN_NAME")).isEmpty();
            // Sent as SELECT ... WHERE false without FROM, which SQE accepts as Trino does.
            assertThat(rows(metaData.getPrimaryKeys("iceberg", "information_schema", "tables"), "COLUMN_NAME"))
                    .isEmpty();
            assertThat(rows(metaData.getImportedKeys("iceberg", "information_schema", "tables"), "PKCOLUMN_NAME"))
                    .isEmpty();
        }
    }

    /** The named columns of every row, as strings, closing the result set. */
    private static List<List<String>> rows(ResultSet resultSet, String... columns) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (resultSet) {
            while (resultSet.next()) {
                List<String> row = new ArrayList<>();
                for (String column : columns) {
                    row.add(resultSet.getString(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The numbers 0 .. 10^n - 1 as a cross join of n digit tables. */
    static String digits(int n) {
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder from = new StringBuilder(" FROM ");
        for (int i = 0; i < n; i++) {
            select.append(i == 0 ? "" : " + ").append("d").append(i).append(".x * ")
                    .append(BigDecimal.TEN.pow(n - 1 - i).toPlainString());
            from.append(i == 0 ? "" : " CROSS JOIN ").append(DIGITS).append(" AS d").append(i).append("(x)");
        }
        return select.append(" AS n").append(from).toString();
    }
}
