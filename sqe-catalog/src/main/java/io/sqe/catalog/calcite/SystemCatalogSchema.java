package io.sqe.catalog.calcite;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.SessionCatalog;
import io.sqe.core.cluster.ClusterNode;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;

/**
 * Trino's {@code system} catalog for one statement. It holds the {@link SystemJdbcSchema jdbc} schema, which JDBC
 * clients need for {@link java.sql.DatabaseMetaData}, and the {@link SystemRuntimeSchema runtime} schema with the
 * cluster's nodes.
 */
public final class SystemCatalogSchema extends ReadOnlySchema {
    public static final String NAME = SystemJdbcSchema.CATALOG;

    private final SystemJdbcSchema jdbc;
    private final SystemRuntimeSchema runtime;

    public SystemCatalogSchema(SessionCatalog catalog) {
        this(catalog, CatalogAccess.ALL, List::of);
    }

    /**
     * The system catalog describing {@code catalog} as {@code access} lets the statement's user see it, and the
     * cluster's {@code nodes}.
     */
    public SystemCatalogSchema(SessionCatalog catalog, CatalogAccess access, Supplier<List<ClusterNode>> nodes) {
        this.jdbc = new SystemJdbcSchema(requireNonNull(catalog, "catalog is null"),
                requireNonNull(access, "access is null"));
        this.runtime = new SystemRuntimeSchema(nodes);
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
        if (SystemJdbcSchema.NAME.equals(name)) {
            return jdbc;
        }
        return SystemRuntimeSchema.NAME.equals(name) ? runtime : null;
    }

    @Override
    Set<String> subSchemaNames() {
        return Set.of(SystemJdbcSchema.NAME, SystemRuntimeSchema.NAME);
    }
}
