package io.sqe.core.engine;

import static java.util.Objects.requireNonNull;

import io.sqe.core.session.Session;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What protocol metadata calls (Flight SQL GetCatalogs/GetDbSchemas/GetTables, JDBC DatabaseMetaData) see.
 * Patterns are SQL LIKE patterns ({@code %} and {@code _}, backslash escapes); an empty Optional matches all.
 */
public interface CatalogMetadata {
    List<String> catalogs(Session session);

    List<SchemaEntry> schemas(Session session, Optional<String> catalog, Optional<String> schemaPattern);

    List<TableEntry> tables(Session session, Optional<String> catalog, Optional<String> schemaPattern,
            Optional<String> tablePattern, List<String> tableTypes);

    /** A schema (Iceberg namespace) in a catalog. */
    record SchemaEntry(String catalog, String schema) {
        public SchemaEntry {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(schema, "schema is null");
        }
    }

    /** A table with its type ({@code TABLE} or {@code VIEW}, {@code SYSTEM TABLE} for information_schema). */
    record TableEntry(String catalog, String schema, String table, String tableType, Schema arrowSchema) {
        public TableEntry {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(schema, "schema is null");
            requireNonNull(table, "table is null");
            requireNonNull(tableType, "tableType is null");
            requireNonNull(arrowSchema, "arrowSchema is null");
        }
    }
}
