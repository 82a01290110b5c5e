package io.sqe.catalog.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.embedded.EmbeddedCatalogFactory;
import io.sqe.catalog.testing.GenericsTableScanner;
import io.sqe.catalog.write.TableWriter;
import io.sqe.core.config.CatalogConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs SQL through Calcite's own JDBC driver against the adapter, end to end. */
class CatalogSchemaTest {
    private static final org.apache.iceberg.Schema ORDERS = new org.apache.iceberg.Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "customer", Types.StringType.get()),
            Types.NestedField.optional(3, "amount", Types.DecimalType.of(10, 2)),
            Types.NestedField.optional(4, "ordered_at", Types.TimestampType.withZone()));

    @TempDir
    Path warehouse;

    private JdbcCatalog iceberg;
    private SessionCatalog catalog;
    private final GenericsTableScanner scanner = new GenericsTableScanner();

    @BeforeEach
    void setUp() {
        iceberg = EmbeddedCatalogFactory.create(CatalogConfig.embedded(warehouse));
        catalog = new SessionCatalog("iceberg", iceberg);
        catalog.createSchema("sales", false);
        catalog.createSchema("empty", false);
        org.apache.iceberg.Table orders =
                catalog.createTable("sales", "orders", ORDERS, PartitionSpec.unpartitioned(), false);
        new TableWriter().append(orders, List.<Object[]>of(
                new Object[] {1L, "alice", new BigDecimal("10.50"), 1_700_000_000_000L},
                new Object[] {2L, "bob", new BigDecimal("20.00"), 1_700_000_100_000L},
                new Object[] {3L, "alice", null, null}).iterator());
        catalog.createTable("sales", "customers", new org.apache.iceberg.Schema(
                Types.NestedField.required(1, "name", Types.StringType.get())), PartitionSpec.unpartitioned(), false);
    }

    @AfterEach
    void tearDown() throws Exception {
        iceberg.close();
    }

    @Test
    void queriesIcebergTablesWithSql() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(query(connection,
                    "SELECT customer, SUM(amount) AS total, COUNT(*) AS n FROM iceberg.sales.orders "
                            + "WHERE id > 1 OR customer = 'bob' GROUP BY customer ORDER BY customer"))
                    .containsExactly(List.of("alice", "null", "1"), List.of("bob", "20.00", "1"));
            assertThat(query(connection, "SELECT id FROM iceberg.sales.orders WHERE amount IS NULL"))
                    .containsExactly(List.of("3"));
            assertThat(query(connection, "SELECT COUNT(*) FROM iceberg.sales.customers"))
                    .containsExactly(List.of("0"));
        }
        assertThat(scanner.scans()).isEqualTo(3);
    }

    @Test
    void informationSchemaListsSchemasTablesAndColumns() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(query(connection,
                    "SELECT catalog_name, schema_name FROM iceberg.information_schema.schemata ORDER BY schema_name"))
                    .containsExactly(
                            List.of("iceberg", "empty"),
                            List.of("iceberg", "information_schema"),
                            List.of("iceberg", "sales"));

            assertThat(query(connection,
                    "SELECT table_catalog, table_schema, table_name, table_type FROM iceberg.information_schema.`tables` "
                            + "ORDER BY table_schema, table_name"))
                    .containsExactly(
                            List.of("iceberg", "information_schema", "columns", "VIEW"),
                            List.of("iceberg", "information_schema", "schemata", "VIEW"),
                            List.of("iceberg", "information_schema", "tables", "VIEW"),
                            List.of("iceberg", "sales", "customers", "BASE TABLE"),
                            List.of("iceberg", "sales", "orders", "BASE TABLE"));

            assertThat(query(connection,
                    "SELECT table_name, column_name, ordinal_position, column_default, is_nullable, data_type "
                            + "FROM iceberg.information_schema.`columns` WHERE table_schema = 'sales' "
                            + "ORDER BY table_name, ordinal_position"))
                    .containsExactly(
                            List.of("customers", "name", "1", "null", "NO", "varchar"),
                            List.of("orders", "id", "1", "null", "NO", "bigint"),
                            List.of("orders", "customer", "2", "null", "YES", "varchar"),
                            List.of("orders", "amount", "3", "null", "YES", "decimal(10,2)"),
                            List.of("orders", "ordered_at", "4", "null", "YES", "timestamp(6) with time zone"));

            assertThat(query(connection,
                    "SELECT column_name, ordinal_position, data_type FROM iceberg.information_schema.`columns` "
                            + "WHERE table_name = 'schemata' ORDER BY ordinal_position"))
                    .containsExactly(List.of("catalog_name", "1", "varchar"), List.of("schema_name", "2", "varchar"));

            ResultSetMetaData metadata;
            try (Statement statement = connection.createStatement();
                    ResultSet resultSet = statement.executeQuery(
                            "SELECT ordinal_position, column_name FROM iceberg.information_schema.`columns`")) {
                metadata = resultSet.getMetaData();
                assertThat(metadata.getColumnTypeName(1)).isEqualTo("BIGINT");
                assertThat(metadata.getColumnTypeName(2)).isEqualTo("VARCHAR");
            }
        }
    }

    @Test
    void informationSchemaSeesChangesMadeAfterTheSchemaWasBuilt() throws SQLException {
        try (Connection connection = connect()) {
            catalog.createSchema("later", false);
            assertThat(query(connection,
                    "SELECT schema_name FROM iceberg.information_schema.schemata WHERE schema_name = 'later'"))
                    .containsExactly(List.of("later"));
        }
    }

    @Test
    void resolvesNamespacesAndTablesLazilyAndOncePerStatement() {
        CatalogSchema schema = new CatalogSchema(catalog, scanner);

        assertThat(schema.subSchemas().getNames(LikePattern.any()))
                .containsExactlyInAnyOrder("empty", "sales", "information_schema");
        assertThat(schema.subSchemas().getNames(new LikePattern("s%"))).containsExactly("sales");
        assertThat(schema.subSchemas().get("missing")).isNull();
        Schema sales = schema.subSchemas().get("sales");
        assertThat(sales).isInstanceOf(NamespaceSchema.class).isSameAs(schema.subSchemas().get("sales"));
        assertThat(sales.tables().getNames(LikePattern.any())).containsExactlyInAnyOrder("customers", "orders");
        assertThat(sales.tables().get("missing")).isNull();
        assertThat(sales.tables().getIgnoreCase("ORDERS")).isNotNull();

        Table table = sales.tables().get("orders");
        assertThat(table).isInstanceOf(IcebergCalciteTable.class).isSameAs(sales.tables().get("orders"));
        IcebergCalciteTable orders = (IcebergCalciteTable) table;
        assertThat(orders.schemaName()).isEqualTo("sales");
        assertThat(orders.tableName()).isEqualTo("orders");
        assertThat(orders.getStatistic().getRowCount()).isEqualTo(3.0);
        assertThat(((IcebergCalciteTable) sales.tables().get("customers")).getStatistic().getRowCount())
                .isEqualTo(0.0);

        // A write after the table was resolved stays invisible to this statement.
        long snapshotBefore = orders.icebergTable().currentSnapshot().snapshotId();
        new TableWriter().append(catalog.loadTable("sales", "orders"),
                List.<Object[]>of(new Object[] {4L, "carol", null, null}).iterator());
        IcebergCalciteTable again = (IcebergCalciteTable) schema.subSchemas().get("sales").tables().get("orders");
        assertThat(again.icebergTable().currentSnapshot().snapshotId()).isEqualTo(snapshotBefore);
        assertThat(again.rowCount()).isEqualTo(3);
        IcebergCalciteTable nextStatement = (IcebergCalciteTable)
                new CatalogSchema(catalog, scanner).subSchemas().get("sales").tables().get("orders");
        assertThat(nextStatement.rowCount()).isEqualTo(4);
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("lex", "JAVA");
        Connection connection = DriverManager.getConnection("jdbc:calcite:", properties);
        CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
        calcite.getRootSchema().add("iceberg", new CatalogSchema(catalog, scanner));
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
