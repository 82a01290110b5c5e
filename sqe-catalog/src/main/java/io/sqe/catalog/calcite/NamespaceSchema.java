package io.sqe.catalog.calcite;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.SessionCatalog;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.schema.Table;

/**
 * The tables of one Iceberg namespace for one statement. Each table is loaded at most once, so every reference
 * to it in the statement reads the same snapshot.
 */
public final class NamespaceSchema extends ReadOnlySchema {
    private final SessionCatalog catalog;
    private final String schemaName;
    private final TableScanner scanner;
    private final CatalogAccess access;
    private final Map<String, Optional<IcebergCalciteTable>> tables = new ConcurrentHashMap<>();

    public NamespaceSchema(SessionCatalog catalog, String schemaName, TableScanner scanner) {
        this(catalog, schemaName, scanner, CatalogAccess.ALL);
    }

    public NamespaceSchema(SessionCatalog catalog, String schemaName, TableScanner scanner, CatalogAccess access) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.schemaName = requireNonNull(schemaName, "schemaName is null");
        this.scanner = requireNonNull(scanner, "scanner is null");
        this.access = requireNonNull(access, "access is null");
    }

    public String schemaName() {
        return schemaName;
    }

    @Override
    Table table(String name) {
        return tables.computeIfAbsent(name, this::load).orElse(null);
    }

    private Optional<IcebergCalciteTable> load(String name) {
        return catalog.findTable(schemaName, name)
                .map(table -> new IcebergCalciteTable(table, catalog.name(), schemaName, name, scanner, access));
    }

    @Override
    Set<String> tableNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String table : catalog.listTables(schemaName)) {
            if (access.isTableVisible(catalog.name(), schemaName, table)) {
                names.add(table);
            }
        }
        return names;
    }
}
