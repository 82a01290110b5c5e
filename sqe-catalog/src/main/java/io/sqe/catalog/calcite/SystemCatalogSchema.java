package io.sqe.catalog.calcite;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.SessionCatalog;
import java.util.Set;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;

/**
 * Trino's {@code system} catalog for one statement. It holds only the {@link SystemJdbcSchema jdbc} schema, which
 * JDBC clients need for {@link java.sql.DatabaseMetaData}.
 */
public final class SystemCatalogSchema extends ReadOnlySchema {
    public static final String NAME = SystemJdbcSchema.CATALOG;

    private final SystemJdbcSchema jdbc;

    public SystemCatalogSchema(SessionCatalog catalog) {
        this(catalog, CatalogAccess.ALL);
    }

    /** The system catalog describing {@code catalog} as {@code access} lets the statement's user see it. */
    public SystemCatalogSchema(SessionCatalog catalog, CatalogAccess access) {
        this.jdbc = new SystemJdbcSchema(requireNonNull(catalog, "catalog is null"),
                requireNonNull(access, "access is null"));
    }

    @Override
    Table table(String name) {
        return null;
    }

    @Override
    Set<String> tableNames() {
        return Set.of();
    }

    @Override
    Schema subSchema(String name) {
        return SystemJdbcSchema.NAME.equals(name) ? jdbc : null;
    }

    @Override
    Set<String> subSchemaNames() {
        return Set.of(SystemJdbcSchema.NAME);
    }
}
