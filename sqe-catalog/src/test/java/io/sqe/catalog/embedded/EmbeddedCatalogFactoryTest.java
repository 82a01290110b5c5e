package io.sqe.catalog.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.testing.GenericsTableScanner;
import io.sqe.catalog.write.TableWriter;
import io.sqe.core.config.CatalogConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedCatalogFactoryTest {
    @TempDir
    Path warehouse;

    @Test
    void tablesAndDataSurviveReopeningTheCatalog() throws Exception {
        CatalogConfig config = CatalogConfig.embedded(warehouse.resolve("wh"));
        Schema schema = new Schema(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "name", Types.StringType.get()));

        try (JdbcCatalog catalog = EmbeddedCatalogFactory.create(config)) {
            assertThat(catalog.name()).isEqualTo("iceberg");
            SessionCatalog session = new SessionCatalog("iceberg", catalog);
            session.createSchema("demo", false);
            session.createSchema("empty", false);
            Table table = session.createTable("demo", "t", schema, PartitionSpec.unpartitioned(), false);
            new TableWriter().append(table, List.of(new Object[] {1L, "one"}, new Object[] {2L, null}).iterator());
        }
        assertThat(warehouse.resolve("wh/catalog/sqe.mv.db")).exists();

        try (JdbcCatalog catalog = EmbeddedCatalogFactory.create(config)) {
            SessionCatalog session = new SessionCatalog("iceberg", catalog);
            assertThat(session.listSchemas()).containsExactly("demo", "empty");
            assertThat(session.listTables("demo")).containsExactly("t");
            Table table = session.loadTable("demo", "t");
            assertThat(table.location()).isEqualTo(warehouse.resolve("wh/demo/t").toAbsolutePath().toString());
            assertThat(GenericsTableScanner.readCalciteRows(table))
                    .containsExactlyInAnyOrder(new Object[] {1L, "one"}, new Object[] {2L, null});
        }
    }
}
