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
 * One catalog as a Calcite schema for one statement: a sub-schema per Iceberg namespace plus
 * {@code information_schema}. Build a new instance per statement; it is cheap, because namespaces and tables
 * are looked up only when the statement names them.
 */
public final class CatalogSchema extends ReadOnlySchema {
    private final SessionCatalog catalog;
    private final TableScanner scanner;
    private final CatalogAccess access;
    private final Map<String, Optional<Schema>> subSchemas = new ConcurrentHashMap<>();

    public CatalogSchema(SessionCatalog catalog, TableScanner scanner) {
        this(catalog, scanner, CatalogAccess.ALL);
    }

    /** The catalog as {@code access} lets the statement's user see it. */
    public CatalogSchema(SessionCatalog catalog, TableScanner scanner, CatalogAccess access) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.scanner = requireNonNull(scanner, "scanner is null");
        this.access = requireNonNull(access, "access is null");
    }

    public SessionCatalog catalog() {
        return catalog;
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
        return subSchemas.computeIfAbsent(name, this::load).orElse(null);
    }

    private Optional<Schema> load(String name) {
        if (InformationSchema.NAME.equals(name)) {
            return Optional.of(new InformationSchema(catalog, access));
        }
        if (catalog.schemaExists(name)) {
            return Optional.of(new NamespaceSchema(catalog, name, scanner, access));
        }
        return Optional.empty();
    }

    @Override
    Set<String> subSchemaNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String schema : catalog.listSchemas()) {
            if (access.isSchemaVisible(catalog.name(), schema)) {
                names.add(schema);
            }
        }
        names.add(InformationSchema.NAME);
        return names;
    }
}
