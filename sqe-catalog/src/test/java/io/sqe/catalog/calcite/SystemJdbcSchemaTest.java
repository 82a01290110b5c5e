package io.sqe.catalog.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.embedded.EmbeddedCatalogFactory;
import io.sqe.core.config.CatalogConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code system.jdbc} tables, queried through Calcite's own JDBC driver; its default parser reserves
 * {@code SYSTEM}, hence the quotes.
 */
class SystemJdbcSchemaTest {
    @TempDir
    Path warehouse;

    private JdbcCatalog iceberg;
    private SessionCatalog catalog;

    @BeforeEach
    void setUp() {
        iceberg = EmbeddedCatalogFactory.create(CatalogConfig.embedded(warehouse));
        catalog = new SessionCatalog("iceberg", iceberg);
        catalog.createSchema("sales", false);
        catalog.createSchema("empty", false);
        catalog.createTable("sales", "orders", new org.apache.iceberg.Schema(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "customer", Types.StringType.get(), "who ordered"),
                Types.NestedField.optional(3, "amount", Types.DecimalType.of(10, 2)),
                Types.NestedField.optional(4, "ordered_at", Types.TimestampType.withZone()),
                Types.NestedField.optional(5, "day", Types.DateType.get())),
                PartitionSpec.unpartitioned(), false);
    }

    @AfterEach
    void tearDown() throws Exception {
        iceberg.close();
    }

    @Test
    void listsCatalogsSchemasAndTableTypes() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(query(connection, "SELECT table_cat FROM `system`.jdbc.catalogs"))
                    .containsExactly(List.of("iceberg"), List.of("system"));
            assertThat(query(connection, "SELECT table_catalog, table_schem FROM `system`.jdbc.schemas"))
                    .containsExactly(List.of("iceberg", "empty"), List.of("iceberg", "information_schema"),
                            List.of("iceberg", "sales"), List.of("system", "jdbc"));
            assertThat(query(connection, "SELECT table_type FROM `system`.jdbc.table_types"))
                    .containsExactly(List.of("TABLE"), List.of("VIEW"));
        }
    }

    @Test
    void listsTablesAndMetadataTables() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(query(connection, "SELECT table_cat, table_schem, table_name, table_type, remarks "
                    + "FROM `system`.jdbc.tables WHERE table_type = 'TABLE'"))
                    .containsExactly(List.of("iceberg", "sales", "orders", "TABLE", "null"));
            assertThat(query(connection, "SELECT table_schem || '.' || table_name FROM `system`.jdbc.tables "
                    + "WHERE table_type = 'VIEW' AND table_cat = 'system' AND table_name LIKE 't%'"))
                    .containsExactly(List.of("jdbc.table_types"), List.of("jdbc.tables"), List.of("jdbc.types"));
            assertThat(query(connection, "SELECT count(*) FROM `system`.jdbc.procedures"))
                    .containsExactly(List.of("0"));
            assertThat(query(connection, "SELECT table_name FROM `system`.jdbc.tables "
                    + "WHERE table_schem = 'information_schema'"))
                    .containsExactly(List.of("columns"), List.of("schemata"), List.of("tables"));
        }
    }

    @Test
    void describesColumnsWithTrinoTypeNamesAndJdbcCodes() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(query(connection, "SELECT column_name, data_type, type_name, column_size, decimal_digits, "
                    + "num_prec_radix, nullable, is_nullable, ordinal_position, remarks FROM `system`.jdbc.columns "
                    + "WHERE table_schem = 'sales' AND table_name = 'orders'"))
                    .containsExactly(
                            List.of("id", "-5", "bigint", "19", "null", "10", "0", "NO", "1", "null"),
                            List.of("customer", "12", "varchar", "2147483647", "null", "null", "1", "YES", "2",
                                    "who ordered"),
                            List.of("amount", "3", "decimal(10,2)", "10", "2", "10", "1", "YES", "3", "null"),
                            List.of("ordered_at", "2014", "timestamp(6) with time zone",
                                    String.valueOf(30 + maxZoneLength()), "6", "null", "1", "YES", "4", "null"),
                            List.of("day", "91", "date", "14", "null", "null", "1", "YES", "5", "null"));
            assertThat(query(connection, "SELECT column_name, type_name FROM `system`.jdbc.columns "
                    + "WHERE table_cat = 'system' AND table_name = 'catalogs'"))
                    .containsExactly(List.of("table_cat", "varchar"));
        }
    }

    @Test
    void listsTypes() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(query(connection, "SELECT type_name, data_type FROM `system`.jdbc.types "
                    + "WHERE type_name IN ('integer', 'timestamp', 'varchar')"))
                    .containsExactly(List.of("integer", "4"), List.of("timestamp", "93"), List.of("varchar", "12"));
        }
    }

    private static int maxZoneLength() {
        return java.time.ZoneId.getAvailableZoneIds().stream().mapToInt(String::length).max().orElseThrow();
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("lex", "JAVA");
        Connection connection = DriverManager.getConnection("jdbc:calcite:", properties);
        SchemaPlus root = connection.unwrap(CalciteConnection.class).getRootSchema();
        root.add(SystemCatalogSchema.NAME, new SystemCatalogSchema(catalog));
        return connection;
    }

    private static List<List<String>> query(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            int columns = resultSet.getMetaData().getColumnCount();
            while (resultSet.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(String.valueOf(resultSet.getString(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
