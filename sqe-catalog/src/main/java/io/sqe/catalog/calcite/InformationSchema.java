package io.sqe.catalog.calcite;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.types.IcebergTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
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
    private final Map<String, MetadataTable> tables;

    public InformationSchema(SessionCatalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        Map<String, MetadataTable> byName = new LinkedHashMap<>();
        byName.put(SCHEMATA, new MetadataTable(
                List.of(varchar("catalog_name"), varchar("schema_name")), this::schemataRows));
        byName.put(TABLES, new MetadataTable(
                List.of(varchar("table_catalog"), varchar("table_schema"), varchar("table_name"),
                        varchar("table_type")),
                this::tablesRows));
        byName.put(COLUMNS, new MetadataTable(
                List.of(varchar("table_catalog"), varchar("table_schema"), varchar("table_name"),
                        varchar("column_name"), new Column("ordinal_position", SqlTypeName.BIGINT, false),
                        new Column("column_default", SqlTypeName.VARCHAR, true), varchar("is_nullable"),
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

    @Override
    Schema subSchema(String name) {
        return null;
    }

    @Override
    Set<String> subSchemaNames() {
        return Set.of();
    }

    private List<String> schemaNames() {
        List<String> names = new ArrayList<>(catalog.listSchemas());
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
                rows.add(new Object[] {catalog.name(), schema, table, BASE_TABLE});
            }
        }
        return rows;
    }

    private List<Object[]> columnsRows() {
        List<Object[]> rows = new ArrayList<>();
        for (String schema : schemaNames()) {
            if (schema.equals(NAME)) {
                for (String table : List.of(COLUMNS, SCHEMATA, TABLES)) {
                    List<Column> columns = tables.get(table).columns;
                    for (int i = 0; i < columns.size(); i++) {
                        Column column = columns.get(i);
                        rows.add(new Object[] {catalog.name(), schema, table, column.name(), (long) (i + 1), null,
                                column.nullable() ? "YES" : "NO", column.displayType()});
                    }
                }
                continue;
            }
            for (String table : catalog.listTables(schema)) {
                // A table dropped between listing and loading simply disappears from the result.
                Optional<org.apache.iceberg.Table> loaded = catalog.findTable(schema, table);
                if (loaded.isEmpty()) {
                    continue;
                }
                List<Types.NestedField> fields = loaded.get().schema().columns();
                for (int i = 0; i < fields.size(); i++) {
                    Types.NestedField field = fields.get(i);
                    rows.add(new Object[] {catalog.name(), schema, table, field.name(), (long) (i + 1), null,
                            field.isOptional() ? "YES" : "NO", IcebergTypes.sqlTypeName(field.type())});
                }
            }
        }
        return rows;
    }

    private static Column varchar(String name) {
        return new Column(name, SqlTypeName.VARCHAR, false);
    }

    /** One column of an information_schema table. */
    private record Column(String name, SqlTypeName type, boolean nullable) {
        Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }

        String displayType() {
            return type == SqlTypeName.BIGINT ? "bigint" : "varchar";
        }
    }

    /** A table whose rows are computed on every scan. */
    private static final class MetadataTable extends AbstractTable implements ScannableTable {
        private final List<Column> columns;
        private final Supplier<List<Object[]>> rows;

        MetadataTable(List<Column> columns, Supplier<List<Object[]>> rows) {
            this.columns = List.copyOf(columns);
            this.rows = requireNonNull(rows, "rows is null");
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            RelDataTypeFactory.Builder builder = typeFactory.builder();
            for (Column column : columns) {
                builder.add(column.name(), typeFactory.createTypeWithNullability(
                        typeFactory.createSqlType(column.type()), column.nullable()));
            }
            return builder.build();
        }

        @Override
        public Schema.TableType getJdbcTableType() {
            return Schema.TableType.VIEW;
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            return Linq4j.asEnumerable(rows.get());
        }
    }
}
