package io.sqe.catalog.calcite;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.SessionCatalog;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;

/**
 * The tables of one Iceberg namespace for one statement. Each table is loaded at most once, so every reference
 * to it in the statement reads the same snapshot.
 */
public final class NamespaceSchema extends ReadOnlySchema {
    private final SessionCatalog catalog;
    private final String schemaName;
    private final TableScanner scanner;
    private final Map<String, Optional<IcebergCalciteTable>> tables = new ConcurrentHashMap<>();

    public NamespaceSchema(SessionCatalog catalog, String schemaName, TableScanner scanner) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.schemaName = requireNonNull(schemaName, "schemaName is null");
        this.scanner = requireNonNull(scanner, "scanner is null");
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
                .map(table -> new IcebergCalciteTable(table, schemaName, name, scanner));
    }

    @Override
    Set<String> tableNames() {
        return new LinkedHashSet<>(catalog.listTables(schemaName));
    }

    @Override
    Schema subSchema(String name) {
        return null;
    }

    @Override
    Set<String> subSchemaNames() {
        return Set.of();
    }
}
