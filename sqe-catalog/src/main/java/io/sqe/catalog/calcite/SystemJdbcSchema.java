package io.sqe.catalog.calcite;

import static io.sqe.catalog.calcite.MetadataTable.Column.bigint;
import static io.sqe.catalog.calcite.MetadataTable.Column.nullableBigint;
import static io.sqe.catalog.calcite.MetadataTable.Column.nullableBoolean;
import static io.sqe.catalog.calcite.MetadataTable.Column.nullableVarchar;
import static io.sqe.catalog.calcite.MetadataTable.Column.varchar;
import static java.util.Objects.requireNonNull;

import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.calcite.MetadataTable.Column;
import io.sqe.catalog.types.IcebergTypes;
import java.sql.DatabaseMetaData;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.calcite.schema.Table;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Trino's {@code system.jdbc} schema: the tables the Trino JDBC driver queries to answer
 * {@link DatabaseMetaData} ({@code getCatalogs}, {@code getSchemas}, {@code getTables}, {@code getColumns},
 * {@code getTableTypes}, {@code getTypeInfo}; the other listings are empty), with the column names and types the
 * driver expects. Rows are computed from the {@link SessionCatalog} when a table is scanned. They cover the
 * Iceberg catalog (with its {@code information_schema}) and this schema itself; Iceberg tables have the table type
 * {@code TABLE}, metadata tables {@code VIEW}. Type names are Trino's ({@link IcebergTypes#sqlTypeName}) and
 * {@code data_type} holds the {@link java.sql.Types} code.
 */
public final class SystemJdbcSchema extends ReadOnlySchema {
    /** The catalog that holds this schema. */
    public static final String CATALOG = "system";
    public static final String NAME = "jdbc";
    static final String CATALOGS = "catalogs";
    static final String SCHEMAS = "schemas";
    static final String TABLES = "tables";
    static final String COLUMNS = "columns";
    static final String TABLE_TYPES = "table_types";
    static final String TYPES = "types";

    private static final String TABLE = "TABLE";
    private static final String VIEW = "VIEW";
    /** Trino sizes {@code timestamp with time zone} text by the longest zone name. */
    private static final int MAX_TIME_ZONE_LENGTH =
            ZoneId.getAvailableZoneIds().stream().mapToInt(String::length).max().orElse(0);

    private final SessionCatalog catalog;
    private final CatalogAccess access;
    private final InformationSchema informationSchema;
    private final SortedMap<String, MetadataTable> tables;

    public SystemJdbcSchema(SessionCatalog catalog) {
        this(catalog, CatalogAccess.ALL);
    }

    /** JDBC metadata of {@code catalog} as {@code access} lets the statement's user see it. */
    public SystemJdbcSchema(SessionCatalog catalog, CatalogAccess access) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.access = requireNonNull(access, "access is null");
        this.informationSchema = new InformationSchema(catalog, access);
        SortedMap<String, MetadataTable> byName = new TreeMap<>();
        byName.put(CATALOGS, new MetadataTable(List.of(varchar("table_cat")), this::catalogRows));
        byName.put(SCHEMAS, new MetadataTable(
                List.of(varchar("table_schem"), varchar("table_catalog")), this::schemaRows));
        byName.put(TABLES, new MetadataTable(
                List.of(varchar("table_cat"), varchar("table_schem"), varchar("table_name"),
                        varchar("table_type"), nullableVarchar("remarks"), nullableVarchar("type_cat"),
                        nullableVarchar("type_schem"), nullableVarchar("type_name"),
                        nullableVarchar("self_referencing_col_name"), nullableVarchar("ref_generation")),
                this::tableRows));
        byName.put(COLUMNS, new MetadataTable(
                List.of(varchar("table_cat"), varchar("table_schem"), varchar("table_name"),
                        varchar("column_name"), bigint("data_type"), varchar("type_name"),
                        nullableBigint("column_size"), nullableBigint("buffer_length"),
                        nullableBigint("decimal_digits"), nullableBigint("num_prec_radix"), bigint("nullable"),
                        nullableVarchar("remarks"), nullableVarchar("column_def"),
                        nullableBigint("sql_data_type"), nullableBigint("sql_datetime_sub"),
                        nullableBigint("char_octet_length"), bigint("ordinal_position"), varchar("is_nullable"),
                        nullableVarchar("scope_catalog"), nullableVarchar("scope_schema"),
                        nullableVarchar("scope_table"), nullableBigint("source_data_type"),
                        nullableVarchar("is_autoincrement"), nullableVarchar("is_generatedcolumn")),
                this::columnRows));
        byName.put(TABLE_TYPES, new MetadataTable(List.of(varchar("table_type")),
                () -> List.of(new Object[] {TABLE}, new Object[] {VIEW})));
        byName.put(TYPES, new MetadataTable(
                List.of(varchar("type_name"), bigint("data_type"), nullableBigint("precision"),
                        nullableVarchar("literal_prefix"), nullableVarchar("literal_suffix"),
                        nullableVarchar("create_params"), bigint("nullable"), nullableBoolean("case_sensitive"),
                        bigint("searchable"), nullableBoolean("unsigned_attribute"),
                        nullableBoolean("fixed_prec_scale"), nullableBoolean("auto_increment"),
                        nullableVarchar("local_type_name"), nullableBigint("minimum_scale"),
                        nullableBigint("maximum_scale"), nullableBigint("sql_data_type"),
                        nullableBigint("sql_datetime_sub"), nullableBigint("num_prec_radix")),
                SystemJdbcSchema::typeRows));
        addEmptyTables(byName);
        this.tables = Collections.unmodifiableSortedMap(byName);
    }

    /**
     * The tables of the remaining {@link DatabaseMetaData} calls (procedures, user-defined types, type and table
     * hierarchies, attributes, pseudo columns): SQE has none of these things, but the driver's queries must run.
     */
    private static void addEmptyTables(SortedMap<String, MetadataTable> byName) {
        byName.put("procedures", empty(nullableVarchar("procedure_cat"), nullableVarchar("procedure_schem"),
                nullableVarchar("procedure_name"), nullableVarchar("remarks"), nullableBigint("procedure_type"),
                nullableVarchar("specific_name")));
        byName.put("procedure_columns", empty(nullableVarchar("procedure_cat"), nullableVarchar("procedure_schem"),
                nullableVarchar("procedure_name"), nullableVarchar("column_name"), nullableBigint("column_type"),
                nullableBigint("data_type"), nullableVarchar("type_name"), nullableBigint("precision"),
                nullableBigint("length"), nullableBigint("scale"), nullableBigint("radix"),
                nullableBigint("nullable"), nullableVarchar("remarks"), nullableVarchar("column_def"),
                nullableBigint("sql_data_type"), nullableBigint("sql_datetime_sub"),
                nullableBigint("char_octet_length"), nullableBigint("ordinal_position"),
                nullableVarchar("is_nullable"), nullableVarchar("specific_name")));
        byName.put("udts", empty(nullableVarchar("type_cat"), nullableVarchar("type_schem"),
                nullableVarchar("type_name"), nullableVarchar("class_name"), nullableBigint("data_type"),
                nullableVarchar("remarks"), nullableBigint("base_type")));
        byName.put("super_types", empty(nullableVarchar("type_cat"), nullableVarchar("type_schem"),
                nullableVarchar("type_name"), nullableVarchar("supertype_cat"), nullableVarchar("supertype_schem"),
                nullableVarchar("supertype_name")));
        byName.put("super_tables", empty(nullableVarchar("table_cat"), nullableVarchar("table_schem"),
                nullableVarchar("table_name"), nullableVarchar("supertable_name")));
        byName.put("attributes", empty(nullableVarchar("type_cat"), nullableVarchar("type_schem"),
                nullableVarchar("type_name"), nullableVarchar("attr_name"), nullableBigint("data_type"),
                nullableVarchar("attr_type_name"), nullableBigint("attr_size"), nullableBigint("decimal_digits"),
                nullableBigint("num_prec_radix"), nullableBigint("nullable"), nullableVarchar("remarks"),
                nullableVarchar("attr_def"), nullableBigint("sql_data_type"), nullableBigint("sql_datetime_sub"),
                nullableBigint("char_octet_length"), nullableBigint("ordinal_position"),
                nullableVarchar("is_nullable"), nullableVarchar("scope_catalog"), nullableVarchar("scope_schema"),
                nullableVarchar("scope_table"), nullableBigint("source_data_type")));
        byName.put("pseudo_columns", empty(nullableVarchar("table_cat"), nullableVarchar("table_schem"),
                nullableVarchar("table_name"), nullableVarchar("column_name"), nullableBigint("data_type"),
                nullableBigint("column_size"), nullableBigint("decimal_digits"), nullableBigint("num_prec_radix"),
                nullableVarchar("column_usage"), nullableVarchar("remarks"), nullableBigint("char_octet_length"),
                nullableVarchar("is_nullable")));
    }

    private static MetadataTable empty(Column... columns) {
        return new MetadataTable(List.of(columns), List::of);
    }

    @Override
    Table table(String name) {
        return tables.get(name);
    }

    @Override
    Set<String> tableNames() {
        return tables.keySet();
    }

    private List<Object[]> catalogRows() {
        List<Object[]> rows = new ArrayList<>();
        for (String name : new TreeSet<>(List.of(catalog.name(), CATALOG))) {
            rows.add(new Object[] {name});
        }
        return rows;
    }

    private List<Object[]> schemaRows() {
        List<Object[]> rows = new ArrayList<>();
        for (String schema : icebergSchemaNames()) {
            rows.add(new Object[] {schema, catalog.name()});
        }
        rows.add(new Object[] {NAME, CATALOG});
        return rows;
    }

    private List<Object[]> tableRows() {
        List<Object[]> rows = new ArrayList<>();
        for (Relation relation : relations()) {
            rows.add(new Object[] {relation.catalog(), relation.schema(), relation.table(), relation.type(),
                null, null, null, null, null, null});
        }
        return rows;
    }

    private List<Object[]> columnRows() {
        List<Object[]> rows = new ArrayList<>();
        for (Relation relation : relations()) {
            List<ColumnInfo> columns = relation.columns().get();
            for (int i = 0; i < columns.size(); i++) {
                ColumnInfo column = columns.get(i);
                JdbcType type = jdbcType(column.type());
                rows.add(new Object[] {relation.catalog(), relation.schema(), relation.table(), column.name(),
                    (long) type.code(), IcebergTypes.sqlTypeName(column.type()), type.columnSize(), 0L,
                    type.decimalDigits(), type.radix(),
                    (long) (column.nullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls),
                    column.comment().orElse(null), null, null, null, type.charOctetLength(), (long) (i + 1),
                    column.nullable() ? "YES" : "NO", null, null, null, null, null, null});
            }
        }
        return rows;
    }

    private static List<Object[]> typeRows() {
        List<Object[]> rows = new ArrayList<>();
        addTypeRow(rows, "bigint", Types.LongType.get());
        addTypeRow(rows, "boolean", Types.BooleanType.get());
        addTypeRow(rows, "date", Types.DateType.get());
        addTypeRow(rows, "decimal", Types.DecimalType.of(38, 0));
        addTypeRow(rows, "double", Types.DoubleType.get());
        addTypeRow(rows, "integer", Types.IntegerType.get());
        addTypeRow(rows, "real", Types.FloatType.get());
        addTypeRow(rows, "time", Types.TimeType.get());
        addTypeRow(rows, "timestamp", Types.TimestampType.withoutZone());
        addTypeRow(rows, "timestamp with time zone", Types.TimestampType.withZone());
        addTypeRow(rows, "varbinary", Types.BinaryType.get());
        addTypeRow(rows, "varchar", Types.StringType.get());
        return rows;
    }

    private static void addTypeRow(List<Object[]> rows, String name, Type type) {
        JdbcType jdbc = jdbcType(type);
        rows.add(new Object[] {name, (long) jdbc.code(), jdbc.columnSize(), null, null, null,
            (long) DatabaseMetaData.typeNullable, false, (long) DatabaseMetaData.typeSearchable, null, false, null,
            null, 0L, 0L, null, null, jdbc.radix()});
    }

    /** The Iceberg schemas, plus the catalog's information_schema, in name order. */
    private List<String> icebergSchemaNames() {
        SortedSet<String> names = new TreeSet<>();
        for (String schema : catalog.listSchemas()) {
            if (access.isSchemaVisible(catalog.name(), schema)) {
                names.add(schema);
            }
        }
        names.add(InformationSchema.NAME);
        return List.copyOf(names);
    }

    /** Every table and metadata table, ordered by catalog, schema and name. */
    private List<Relation> relations() {
        List<Relation> relations = new ArrayList<>();
        for (String schema : icebergSchemaNames()) {
            if (schema.equals(InformationSchema.NAME)) {
                informationSchema.metadataTables().forEach((name, table) ->
                        relations.add(metadataRelation(catalog.name(), schema, name, table)));
                continue;
            }
            for (String table : catalog.listTables(schema)) {
                if (!access.isTableVisible(catalog.name(), schema, table)) {
                    continue;
                }
                relations.add(new Relation(catalog.name(), schema, table, TABLE,
                        () -> icebergColumns(schema, table)));
            }
        }
        tables.forEach((name, table) -> relations.add(metadataRelation(CATALOG, NAME, name, table)));
        return relations;
    }

    private static Relation metadataRelation(String catalog, String schema, String name, MetadataTable table) {
        return new Relation(catalog, schema, name, VIEW, () -> table.columns().stream()
                .map(column -> new ColumnInfo(column.name(), column.icebergType(), column.nullable(),
                        Optional.empty()))
                .toList());
    }

    private List<ColumnInfo> icebergColumns(String schema, String table) {
        // A table dropped between listing and loading simply has no columns.
        return catalog.findTable(schema, table)
                .map(loaded -> InformationSchema.visibleFields(access, catalog.name(), schema, table,
                                loaded.schema()).stream()
                        .map(field -> new ColumnInfo(field.name(), field.type(), field.isOptional(),
                                Optional.ofNullable(field.doc())))
                        .toList())
                .orElse(List.of());
    }

    /** The JDBC description of a type, sized the way Trino sizes it. */
    private static JdbcType jdbcType(Type type) {
        return switch (type.typeId()) {
            case BOOLEAN -> new JdbcType(java.sql.Types.BOOLEAN, null, null, null, null);
            case INTEGER -> new JdbcType(java.sql.Types.INTEGER, 10L, null, 10L, null);
            case LONG -> new JdbcType(java.sql.Types.BIGINT, 19L, null, 10L, null);
            case FLOAT -> new JdbcType(java.sql.Types.REAL, 24L, null, 2L, null);
            case DOUBLE -> new JdbcType(java.sql.Types.DOUBLE, 53L, null, 2L, null);
            case DECIMAL -> {
                Types.DecimalType decimal = (Types.DecimalType) type;
                yield new JdbcType(java.sql.Types.DECIMAL, (long) decimal.precision(), (long) decimal.scale(),
                        10L, null);
            }
            case STRING -> new JdbcType(java.sql.Types.VARCHAR, (long) Integer.MAX_VALUE, null, null,
                    (long) Integer.MAX_VALUE);
            case BINARY, FIXED -> new JdbcType(java.sql.Types.VARBINARY, (long) Integer.MAX_VALUE, null, null,
                    (long) Integer.MAX_VALUE);
            // "+5881580-07-11": the widest date.
            case DATE -> new JdbcType(java.sql.Types.DATE, 14L, null, null, null);
            // "HH:MM:SS" and the fraction with its point.
            case TIME -> new JdbcType(java.sql.Types.TIME, 8L + 1 + IcebergTypes.TIMESTAMP_PRECISION,
                    (long) IcebergTypes.TIMESTAMP_PRECISION, null, null);
            case TIMESTAMP -> timestamp(((Types.TimestampType) type).shouldAdjustToUTC(),
                    IcebergTypes.TIMESTAMP_PRECISION);
            case TIMESTAMP_NANO -> timestamp(((Types.TimestampNanoType) type).shouldAdjustToUTC(), 9);
            case LIST -> new JdbcType(java.sql.Types.ARRAY, null, null, null, null);
            case UUID, STRUCT, MAP, VARIANT, UNKNOWN, GEOMETRY, GEOGRAPHY ->
                    new JdbcType(java.sql.Types.JAVA_OBJECT, null, null, null, null);
        };
    }

    private static JdbcType timestamp(boolean withTimeZone, int precision) {
        if (withTimeZone) {
            // Sign, six year digits, "-MM-DD HH:MM:SS", the fraction with its point, a space and the zone.
            return new JdbcType(java.sql.Types.TIMESTAMP_WITH_TIMEZONE,
                    1L + 6 + 15 + 1 + precision + 1 + MAX_TIME_ZONE_LENGTH, (long) precision, null, null);
        }
        // Sign, five year digits, "-MM-DD HH:MM:SS" and the fraction with its point.
        return new JdbcType(java.sql.Types.TIMESTAMP, 1L + 5 + 15 + 1 + precision, (long) precision, null, null);
    }

    /** A table or view as the JDBC tables list it. */
    private record Relation(String catalog, String schema, String table, String type,
            Supplier<List<ColumnInfo>> columns) {
        Relation {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(schema, "schema is null");
            requireNonNull(table, "table is null");
            requireNonNull(type, "type is null");
            requireNonNull(columns, "columns is null");
        }
    }

    private record ColumnInfo(String name, Type type, boolean nullable, Optional<String> comment) {
        ColumnInfo {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(comment, "comment is null");
        }
    }

    /** The numbers {@link DatabaseMetaData#getColumns} reports for a type; null where JDBC says "not applicable". */
    private record JdbcType(int code, Long columnSize, Long decimalDigits, Long radix, Long charOctetLength) {}
}
