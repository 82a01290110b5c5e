package io.sqe.catalog.calcite;

import static io.sqe.catalog.calcite.MetadataTable.Column.bigint;
import static io.sqe.catalog.calcite.MetadataTable.Column.nullableVarchar;
import static io.sqe.catalog.calcite.MetadataTable.Column.varchar;
import static java.util.Objects.requireNonNull;

import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.calcite.MetadataTable.Column;
import io.sqe.catalog.types.IcebergTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.calcite.schema.Table;
import org.apache.iceberg.types.Types;

/**
 * The SQL-standard {@code information_schema} of one catalog, in Trino's shape: {@code schemata},
 * {@code tables} and {@code columns}. Rows are computed from the {@link SessionCatalog} when a table is scanned,
 * so they show what the statement's user may see at that moment. The schema lists itself; its own tables have
 * the table type {@code VIEW}.
 */
public final class InformationSchema extends ReadOnlySchema {
    public static final String NAME = "information_schema";
    static final String SCHEMATA = "schemata";
    static final String TABLES = "tables";
    static final String COLUMNS = "columns";

    private static final String BASE_TABLE = "BASE TABLE";
    private static final String VIEW = "VIEW";

    private final SessionCatalog catalog;
    private final CatalogAccess access;
    private final Map<String, MetadataTable> tables;

    public InformationSchema(SessionCatalog catalog) {
        this(catalog, CatalogAccess.ALL);
    }

    /** The catalog's metadata as {@code access} lets the statement's user see it. */
    public InformationSchema(SessionCatalog catalog, CatalogAccess access) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.access = requireNonNull(access, "access is null");
        Map<String, MetadataTable> byName = new LinkedHashMap<>();
        byName.put(SCHEMATA, new MetadataTable(
                List.of(varchar("catalog_name"), varchar("schema_name")), this::schemataRows));
        byName.put(TABLES, new MetadataTable(
                List.of(varchar("table_catalog"), varchar("table_schema"), varchar("table_name"),
                        varchar("table_type")),
                this::tablesRows));
        byName.put(COLUMNS, new MetadataTable(
                List.of(varchar("table_catalog"), varchar("table_schema"), varchar("table_name"),
                        varchar("column_name"), bigint("ordinal_position"),
                        nullableVarchar("column_default"), varchar("is_nullable"),
                        varchar("data_type")),
                this::columnsRows));
        this.tables = Map.copyOf(byName);
    }

    @Override
    Table table(String name) {
        return tables.get(name);
    }

    @Override
    Set<String> tableNames() {
        return Set.of(SCHEMATA, TABLES, COLUMNS);
    }

    /** The tables of this schema by name, in name order. */
    SortedMap<String, MetadataTable> metadataTables() {
        return new TreeMap<>(tables);
    }

    private List<String> schemaNames() {
        List<String> names = new ArrayList<>();
        for (String schema : catalog.listSchemas()) {
            if (access.isSchemaVisible(catalog.name(), schema)) {
                names.add(schema);
            }
        }
        if (!names.contains(NAME)) {
            names.add(NAME);
            names.sort(null);
        }
        return names;
    }

    private List<Object[]> schemataRows() {
        List<Object[]> rows = new ArrayList<>();
        for (String schema : schemaNames()) {
            rows.add(new Object[] {catalog.name(), schema});
        }
        return rows;
    }

    private List<Object[]> tablesRows() {
        List<Object[]> rows = new ArrayList<>();
        for (String schema : schemaNames()) {
            if (schema.equals(NAME)) {
                for (String table : List.of(COLUMNS, SCHEMATA, TABLES)) {
                    rows.add(new Object[] {catalog.name(), schema, table, VIEW});
                }
                continue;
            }
            for (String table : catalog.listTables(schema)) {
                if (access.isTableVisible(catalog.name(), schema, table)) {
                    rows.add(new Object[] {catalog.name(), schema, table, BASE_TABLE});
                }
            }
        }
        return rows;
    }

    private List<Object[]> columnsRows() {
        List<Object[]> rows = new ArrayList<>();
        for (String schema : schemaNames()) {
            if (schema.equals(NAME)) {
                for (String table : List.of(COLUMNS, SCHEMATA, TABLES)) {
                    List<Column> columns = tables.get(table).columns();
                    for (int i = 0; i < columns.size(); i++) {
                        Column column = columns.get(i);
                        rows.add(new Object[] {catalog.name(), schema, table, column.name(), (long) (i + 1), null,
                                column.nullable() ? "YES" : "NO", IcebergTypes.sqlTypeName(column.icebergType())});
                    }
                }
                continue;
            }
            for (String table : catalog.listTables(schema)) {
                if (!access.isTableVisible(catalog.name(), schema, table)) {
                    continue;
                }
                // A table dropped between listing and loading simply disappears from the result.
                Optional<org.apache.iceberg.Table> loaded = catalog.findTable(schema, table);
                if (loaded.isEmpty()) {
                    continue;
                }
                List<Types.NestedField> fields = visibleFields(access, catalog.name(), schema, table,
                        loaded.get().schema());
                for (int i = 0; i < fields.size(); i++) {
                    Types.NestedField field = fields.get(i);
                    rows.add(new Object[] {catalog.name(), schema, table, field.name(), (long) (i + 1), null,
                            field.isOptional() ? "YES" : "NO", IcebergTypes.sqlTypeName(field.type())});
                }
            }
        }
        return rows;
    }

    /** The columns of a table that {@code access} shows, in table order; ordinal positions count only these. */
    static List<Types.NestedField> visibleFields(CatalogAccess access, String catalogName, String schema,
            String table, org.apache.iceberg.Schema tableSchema) {
        List<Types.NestedField> columns = tableSchema.columns();
        Set<String> visible = new java.util.HashSet<>(access.visibleColumns(catalogName, schema, table,
                columns.stream().map(Types.NestedField::name).toList()));
        return columns.stream().filter(column -> visible.contains(column.name())).toList();
    }
}
