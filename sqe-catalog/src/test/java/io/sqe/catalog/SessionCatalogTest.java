package io.sqe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.catalog.embedded.EmbeddedCatalogFactory;
import io.sqe.core.config.CatalogConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCatalogTest {
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()));

    @TempDir
    Path warehouse;

    private JdbcCatalog iceberg;
    private SessionCatalog catalog;

    @BeforeEach
    void setUp() {
        iceberg = EmbeddedCatalogFactory.create(CatalogConfig.embedded(warehouse));
        catalog = new SessionCatalog("iceberg", iceberg);
    }

    @AfterEach
    void tearDown() throws Exception {
        iceberg.close();
    }

    @Test
    void createsListsAndDropsSchemasAndTables() {
        assertThat(catalog.name()).isEqualTo("iceberg");
        assertThat(catalog.listSchemas()).isEmpty();
        catalog.createSchema("zeta", false);
        catalog.createSchema("alpha", false);
        catalog.createSchema("alpha", true);
        assertThat(catalog.listSchemas()).containsExactly("alpha", "zeta");
        assertThat(catalog.schemaExists("alpha")).isTrue();
        assertThat(catalog.schemaExists("nope")).isFalse();

        catalog.createTable("alpha", "t2", SCHEMA, PartitionSpec.unpartitioned(), false);
        Table t1 = catalog.createTable("alpha", "t1", SCHEMA, PartitionSpec.unpartitioned(), false);
        Table again = catalog.createTable("alpha", "t1", SCHEMA, PartitionSpec.unpartitioned(), true);
        assertThat(again.uuid()).isEqualTo(t1.uuid());
        assertThat(catalog.listTables("alpha")).containsExactly("t1", "t2");
        assertThat(catalog.findTable("alpha", "t1")).isPresent();
        assertThat(catalog.findTable("alpha", "missing")).isEmpty();
        assertThat(catalog.findTable("missing", "t1")).isEmpty();
        assertThat(catalog.loadTable("alpha", "t1").schema().asStruct()).isEqualTo(t1.schema().asStruct());

        catalog.dropTable("alpha", "t1", false);
        catalog.dropTable("alpha", "t1", true);
        assertThat(catalog.listTables("alpha")).containsExactly("t2");
        catalog.dropTable("alpha", "t2", false);
        catalog.dropSchema("alpha", false);
        catalog.dropSchema("alpha", true);
        assertThat(catalog.listSchemas()).containsExactly("zeta");
    }

    @Test
    void reportsMissingSchemasAndTables() {
        catalog.createSchema("demo", false);

        assertError(() -> catalog.loadTable("demo", "t"), ErrorCode.TABLE_NOT_FOUND,
                "Table 'iceberg.demo.t' does not exist");
        assertError(() -> catalog.loadTable("nope", "t"), ErrorCode.SCHEMA_NOT_FOUND,
                "Schema 'iceberg.nope' does not exist");
        assertError(() -> catalog.listTables("nope"), ErrorCode.SCHEMA_NOT_FOUND,
                "Schema 'iceberg.nope' does not exist");
        assertError(() -> catalog.dropTable("demo", "t", false), ErrorCode.TABLE_NOT_FOUND,
                "Table 'iceberg.demo.t' does not exist");
        assertError(() -> catalog.dropTable("nope", "t", false), ErrorCode.SCHEMA_NOT_FOUND,
                "Schema 'iceberg.nope' does not exist");
        assertError(() -> catalog.dropSchema("nope", false), ErrorCode.SCHEMA_NOT_FOUND,
                "Schema 'iceberg.nope' does not exist");
        assertError(() -> catalog.createTable("nope", "t", SCHEMA, PartitionSpec.unpartitioned(), false),
                ErrorCode.SCHEMA_NOT_FOUND, "Schema 'iceberg.nope' does not exist");
        assertError(() -> catalog.newCreateTableTransaction("nope", "t", SCHEMA, PartitionSpec.unpartitioned()),
                ErrorCode.SCHEMA_NOT_FOUND, "Schema 'iceberg.nope' does not exist");
        catalog.dropSchema("nope", true);
    }

    @Test
    void reportsExistingSchemasAndTables() {
        catalog.createSchema("demo", false);
        catalog.createTable("demo", "t", SCHEMA, PartitionSpec.unpartitioned(), false);

        assertError(() -> catalog.createSchema("demo", false), ErrorCode.SCHEMA_ALREADY_EXISTS,
                "Schema 'iceberg.demo' already exists");
        assertError(() -> catalog.createTable("demo", "t", SCHEMA, PartitionSpec.unpartitioned(), false),
                ErrorCode.TABLE_ALREADY_EXISTS, "Table 'iceberg.demo.t' already exists");
        assertError(() -> catalog.newCreateTableTransaction("demo", "t", SCHEMA, PartitionSpec.unpartitioned()),
                ErrorCode.TABLE_ALREADY_EXISTS, "Table 'iceberg.demo.t' already exists");
    }

    @Test
    void refusesToDropNonEmptySchema() {
        catalog.createSchema("demo", false);
        catalog.createTable("demo", "t", SCHEMA, PartitionSpec.unpartitioned(), false);

        assertError(() -> catalog.dropSchema("demo", false), ErrorCode.SCHEMA_NOT_EMPTY,
                "Cannot drop non-empty schema 'iceberg.demo'");
        assertError(() -> catalog.dropSchema("demo", true), ErrorCode.SCHEMA_NOT_EMPTY,
                "Cannot drop non-empty schema 'iceberg.demo'");
        assertThat(catalog.listTables("demo")).containsExactly("t");
    }

    @Test
    void createTableTransactionIsInvisibleUntilCommitted() {
        catalog.createSchema("demo", false);
        Transaction transaction = catalog.newCreateTableTransaction("demo", "t", SCHEMA, PartitionSpec.unpartitioned());
        assertThat(catalog.listTables("demo")).isEmpty();
        transaction.commitTransaction();
        assertThat(catalog.listTables("demo")).containsExactly("t");
    }

    @Test
    void droppingATablePurgesItsFiles() throws Exception {
        catalog.createSchema("demo", false);
        Table table = catalog.createTable("demo", "t", SCHEMA, PartitionSpec.unpartitioned(), false);
        Path location = Path.of(table.location());
        assertThat(regularFiles(location)).isNotEmpty();

        catalog.dropTable("demo", "t", false);
        assertThat(regularFiles(location)).isEmpty();
    }

    @Test
    void unexpectedCatalogFailuresAreCatalogUnavailable() throws Exception {
        iceberg.close();
        assertThatThrownBy(() -> catalog.listSchemas())
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CATALOG_UNAVAILABLE))
                .hasMessageStartingWith("Catalog 'iceberg' failed: ");
    }

    private static List<Path> regularFiles(Path directory) throws Exception {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static void assertError(Runnable action, ErrorCode code, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(SqeException.class, e -> assertThat(e.errorCode()).isEqualTo(code))
                .hasMessageStartingWith(message);
    }
}
