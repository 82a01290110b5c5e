package io.sqe.catalog.calcite;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.List;

/**
 * What one statement's user may see of a catalog, beyond what the catalog itself lets them load. The coordinator
 * supplies it from its access policy; {@link #ALL} shows everything.
 *
 * <p>Listings ({@code information_schema}, {@code system.jdbc}, {@link org.apache.calcite.schema.Schema} name sets)
 * leave out invisible schemas and tables, and every table's row type, {@code information_schema.columns} and
 * {@code system.jdbc.columns} leave out hidden columns. A table stays resolvable by name even when it is not
 * listed, so that a query naming it fails with the access error instead of "does not exist"; a table with no
 * visible column fails every statement that names it with {@link #denied}.
 */
public interface CatalogAccess {
    /** Everything is visible. */
    CatalogAccess ALL = new CatalogAccess() {
        @Override
        public boolean isSchemaVisible(String catalog, String schema) {
            return true;
        }

        @Override
        public boolean isTableVisible(String catalog, String schema, String table) {
            return true;
        }

        @Override
        public List<String> visibleColumns(String catalog, String schema, String table, List<String> columns) {
            return List.copyOf(requireNonNull(columns, "columns is null"));
        }

        @Override
        public SqeException denied(String catalog, String schema, String table) {
            return new SqeException(ErrorCode.ACCESS_DENIED,
                    "Access denied: table " + catalog + "." + schema + "." + table + " has no column to read");
        }
    };

    /** Whether the schema appears in listings. */
    boolean isSchemaVisible(String catalog, String schema);

    /** Whether the table appears in listings. */
    boolean isTableVisible(String catalog, String schema, String table);

    /**
     * The columns of the table the user may see, in the given (table) order; empty when the user may not read the
     * table at all.
     */
    List<String> visibleColumns(String catalog, String schema, String table, List<String> columns);

    /** The error for a statement that names a table with no visible column; it names the table. */
    SqeException denied(String catalog, String schema, String table);
}
