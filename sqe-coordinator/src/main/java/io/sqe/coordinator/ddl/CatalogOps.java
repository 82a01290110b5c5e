package io.sqe.coordinator.ddl;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.SessionCatalogs;
import io.sqe.catalog.calcite.InformationSchema;
import io.sqe.catalog.calcite.SystemCatalogSchema;
import io.sqe.catalog.partition.PartitionTransforms;
import io.sqe.catalog.types.IcebergTypes;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import io.sqe.policy.ObjectName;
import io.sqe.policy.Privilege;
import io.sqe.policy.QueryPolicy;
import io.sqe.sql.ColumnDefinition;
import io.sqe.sql.CreateSchema;
import io.sqe.sql.CreateTable;
import io.sqe.sql.DataType;
import io.sqe.sql.DropSchema;
import io.sqe.sql.DropTable;
import io.sqe.sql.ShowCatalogs;
import io.sqe.sql.ShowColumns;
import io.sqe.sql.ShowCreateTable;
import io.sqe.sql.ShowFunctions;
import io.sqe.sql.ShowSchemas;
import io.sqe.sql.ShowTables;
import io.sqe.sql.StatementKind;
import io.sqe.sql.Use;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Catalog statements: DDL, USE and SHOW. DDL is checked when prepared and applied when executed. SHOW
 * statements that list things are rewritten into queries over information_schema, so they obey the same
 * visibility rules as any query. The statement's access policy is checked when the statement is prepared:
 * CREATE on the new schema or table, DROP on the dropped one; SHOW CREATE TABLE and SHOW COLUMNS show only the
 * columns the user may see.
 */
public final class CatalogOps {
    private final SessionCatalogs catalogs;

    public CatalogOps(SessionCatalogs catalogs) {
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
    }

    /** A result computed by the coordinator itself. */
    public record ComputedResult(Schema schema, Supplier<List<Object[]>> rows) {
        public ComputedResult {
            requireNonNull(schema, "schema is null");
            requireNonNull(rows, "rows is null");
        }
    }

    public LongSupplier ddl(Session session, StatementKind statement, QueryPolicy policy) {
        SessionCatalog catalog = catalogs.forSession(session);
        switch (statement.type()) {
            case CREATE_SCHEMA: {
                CreateSchema create = (CreateSchema) statement;
                String schema = Names.schema(session, catalog, create.name());
                policy.checkAccess(Privilege.CREATE, ObjectName.schema(catalog.name(), schema));
                return () -> {
                    catalog.createSchema(schema, create.ifNotExists());
                    return 0;
                };
            }
            case DROP_SCHEMA: {
                DropSchema drop = (DropSchema) statement;
                String schema = Names.schema(session, catalog, drop.name());
                policy.checkAccess(Privilege.DROP, ObjectName.schema(catalog.name(), schema));
                if (drop.cascade()) {
                    throw new SqeException(ErrorCode.NOT_SUPPORTED,
                            "DROP SCHEMA ... CASCADE is not supported; drop the tables first");
                }
                return () -> {
                    catalog.dropSchema(schema, drop.ifExists());
                    return 0;
                };
            }
            case CREATE_TABLE:
                return createTable(session, (CreateTable) statement, policy);
            case DROP_TABLE: {
                DropTable drop = (DropTable) statement;
                Names.TableName name = Names.table(session, catalog, drop.name());
                policy.checkAccess(Privilege.DROP, ObjectName.table(catalog.name(), name.schema(), name.table()));
                return () -> {
                    catalog.dropTable(name.schema(), name.table(), drop.ifExists());
                    return 0;
                };
            }
            case USE: {
                Use use = (Use) statement;
                use.catalog().ifPresent(name -> Names.checkCatalog(catalog, name));
                return () -> {
                    if (!catalog.schemaExists(use.schema())) {
                        throw new SqeException(ErrorCode.SCHEMA_NOT_FOUND,
                                "Schema '" + catalog.name() + "." + use.schema() + "' does not exist");
                    }
                    session.setPath(catalog.name(), use.schema());
                    return 0;
                };
            }
            default:
                throw new IllegalArgumentException("not a DDL statement: " + statement.type());
        }
    }

    private LongSupplier createTable(Session session, CreateTable create, QueryPolicy policy) {
        SessionCatalog catalog = catalogs.forSession(session);
        Names.TableName name = Names.table(session, catalog, create.name());
        policy.checkAccess(Privilege.CREATE, ObjectName.table(catalog.name(), name.schema(), name.table()));
        List<Types.NestedField> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int id = 1;
        for (ColumnDefinition column : create.columns()) {
            if (!seen.add(column.name())) {
                throw new SqeException(ErrorCode.DUPLICATE_COLUMN_NAME,
                        "Column '" + column.name() + "' is specified more than once");
            }
            Type type = icebergType(column.type());
            String comment = column.comment().orElse(null);
            fields.add(column.nullable()
                    ? Types.NestedField.optional(id, column.name(), type, comment)
                    : Types.NestedField.required(id, column.name(), type, comment));
            id++;
        }
        org.apache.iceberg.Schema schema = new org.apache.iceberg.Schema(fields);
        PartitionSpec spec = TableProperties.partitionSpec(schema, create.properties());
        return () -> {
            catalog.createTable(name.schema(), name.table(), schema, spec, create.ifNotExists());
            return 0;
        };
    }

    /** The Iceberg type that stores a declared SQL type. */
    public static Type icebergType(DataType type) {
        switch (type.base()) {
            case BOOLEAN:
                return Types.BooleanType.get();
            case TINYINT:
            case SMALLINT:
            case INTEGER:
                return Types.IntegerType.get();
            case BIGINT:
                return Types.LongType.get();
            case REAL:
                return Types.FloatType.get();
            case DOUBLE:
                return Types.DoubleType.get();
            case DECIMAL:
                return Types.DecimalType.of(type.precision(), type.scale());
            case VARCHAR:
            case CHAR:
                return Types.StringType.get();
            case VARBINARY:
                return Types.BinaryType.get();
            case DATE:
                return Types.DateType.get();
            case TIME:
                return Types.TimeType.get();
            case TIMESTAMP:
                return Types.TimestampType.withoutZone();
            case TIMESTAMP_WITH_TIME_ZONE:
                return Types.TimestampType.withZone();
        }
        throw new IllegalArgumentException("unknown type " + type);
    }

    public ComputedResult computedResult(Session session, StatementKind statement, QueryPolicy policy) {
        SessionCatalog catalog = catalogs.forSession(session);
        switch (statement.type()) {
            case SHOW_CATALOGS: {
                Optional<Pattern> like = ((ShowCatalogs) statement).likePattern().map(LikePattern::compile);
                Schema schema = new Schema(List.of(Field.nullable("Catalog", ArrowType.Utf8.INSTANCE)));
                return new ComputedResult(schema, () -> new TreeSet<>(List.of(catalog.name(), SystemCatalogSchema.NAME))
                        .stream()
                        .filter(name -> like.isEmpty() || like.get().matcher(name).matches())
                        .map(name -> new Object[] {name})
                        .toList());
            }
            case SHOW_CREATE_TABLE: {
                Names.TableName name = Names.table(session, catalog, ((ShowCreateTable) statement).table());
                Table table = catalog.loadTable(name.schema(), name.table());
                List<String> visible = visibleColumns(catalog, name, table, policy);
                Schema schema = new Schema(List.of(Field.nullable("Create Table", ArrowType.Utf8.INSTANCE)));
                return new ComputedResult(schema, () -> List.<Object[]>of(new Object[] {
                    createTableText(name, table, visible)}));
            }
            case SHOW_SESSION: {
                // SQE has no session properties yet; the shape is Trino's, so clients that list them still work.
                Schema schema = utf8Schema("Name", "Value", "Default", "Type", "Description");
                return new ComputedResult(schema, List::of);
            }
            case SHOW_FUNCTIONS: {
                Optional<Pattern> like = ((ShowFunctions) statement).likePattern().map(LikePattern::compile);
                Schema schema = new Schema(List.of(Field.nullable("Function", ArrowType.Utf8.INSTANCE),
                        Field.nullable("Return Type", ArrowType.Utf8.INSTANCE),
                        Field.nullable("Argument Types", ArrowType.Utf8.INSTANCE),
                        Field.nullable("Function Type", ArrowType.Utf8.INSTANCE),
                        Field.nullable("Deterministic", ArrowType.Bool.INSTANCE),
                        Field.nullable("Description", ArrowType.Utf8.INSTANCE)));
                return new ComputedResult(schema, () -> BuiltInFunctions.ROWS.stream()
                        .filter(row -> like.isEmpty() || like.get().matcher((String) row[0]).matches())
                        .toList());
            }
            default:
                throw new IllegalArgumentException("not a computed statement: " + statement.type());
        }
    }

    private static Schema utf8Schema(String... names) {
        List<Field> fields = new ArrayList<>();
        for (String name : names) {
            fields.add(Field.nullable(name, ArrowType.Utf8.INSTANCE));
        }
        return new Schema(fields);
    }

    /**
     * The columns of {@code table} the user may see; throws ACCESS_DENIED, naming the table, when there are none
     * (the user may not read it, or every column is hidden).
     */
    private static List<String> visibleColumns(SessionCatalog catalog, Names.TableName name, Table table,
            QueryPolicy policy) {
        ObjectName object = ObjectName.table(catalog.name(), name.schema(), name.table());
        List<String> columns = table.schema().columns().stream().map(Types.NestedField::name).toList();
        List<String> visible = policy.visibleColumns(object, columns);
        if (visible.isEmpty() && !columns.isEmpty()) {
            policy.checkAccess(Privilege.SELECT, object);
            throw new SqeException(ErrorCode.ACCESS_DENIED, "Access denied: user '" + policy.user().name()
                    + "' may see no column of table " + object + "; ask an administrator for access");
        }
        return visible;
    }

    private String createTableText(Names.TableName name, Table table, List<String> visible) {
        StringBuilder text = new StringBuilder("CREATE TABLE ")
                .append(quote(catalogs.name())).append('.').append(quote(name.schema())).append('.')
                .append(quote(name.table())).append(" (\n");
        List<Types.NestedField> columns = table.schema().columns().stream()
                .filter(column -> visible.contains(column.name()))
                .toList();
        for (int i = 0; i < columns.size(); i++) {
            Types.NestedField column = columns.get(i);
            text.append("   ").append(quote(column.name())).append(' ').append(IcebergTypes.sqlTypeName(column.type()));
            if (column.isRequired()) {
                text.append(" NOT NULL");
            }
            if (column.doc() != null) {
                text.append(" COMMENT ").append(literal(column.doc()));
            }
            text.append(i + 1 < columns.size() ? ",\n" : "\n");
        }
        text.append(")\nWITH (\n   format = 'PARQUET'");
        List<String> partitioning = PartitionTransforms.toPartitioning(table.spec());
        boolean partitionedOnHidden = table.spec().fields().stream()
                .anyMatch(field -> !visible.contains(table.schema().findColumnName(field.sourceId())));
        if (!partitioning.isEmpty() && !partitionedOnHidden) {
            List<String> quoted = new ArrayList<>();
            partitioning.forEach(field -> quoted.add(literal(field)));
            text.append(",\n   partitioning = ARRAY[").append(String.join(",", quoted)).append(']');
        }
        return text.append("\n)").toString();
    }

    /** SHOW SCHEMAS / TABLES / COLUMNS as a query over information_schema, in Trino's column shapes. */
    public String showQuery(Session session, StatementKind statement, QueryPolicy policy) {
        SessionCatalog catalog = catalogs.forSession(session);
        String informationSchema = quote(catalog.name()) + "." + InformationSchema.NAME;
        switch (statement.type()) {
            case SHOW_SCHEMAS: {
                ShowSchemas show = (ShowSchemas) statement;
                show.catalog().ifPresent(name -> Names.checkCatalog(catalog, name));
                return "SELECT schema_name AS \"Schema\" FROM " + informationSchema + ".schemata"
                        + show.likePattern().map(like -> " WHERE schema_name LIKE " + literal(like) + " ESCAPE '\\'")
                                .orElse("")
                        + " ORDER BY 1";
            }
            case SHOW_TABLES: {
                ShowTables show = (ShowTables) statement;
                String schema = show.schema().map(name -> Names.schema(session, catalog, name))
                        .or(session::schema)
                        .orElseThrow(() -> new SqeException(ErrorCode.MISSING_SCHEMA_NAME,
                                "No schema selected; run USE <schema> or SHOW TABLES FROM <schema>"));
                if (!catalog.schemaExists(schema) && !schema.equals(InformationSchema.NAME)) {
                    throw new SqeException(ErrorCode.SCHEMA_NOT_FOUND,
                            "Schema '" + catalog.name() + "." + schema + "' does not exist");
                }
                return "SELECT table_name AS \"Table\" FROM " + informationSchema + ".tables WHERE table_schema = "
                        + literal(schema)
                        + show.likePattern().map(like -> " AND table_name LIKE " + literal(like) + " ESCAPE '\\'")
                                .orElse("")
                        + " ORDER BY 1";
            }
            case SHOW_COLUMNS: {
                Names.TableName name = Names.table(session, catalog, ((ShowColumns) statement).table());
                if (!name.schema().equals(InformationSchema.NAME)) {
                    visibleColumns(catalog, name, catalog.loadTable(name.schema(), name.table()), policy);
                }
                return "SELECT column_name AS \"Column\", data_type AS \"Type\", '' AS \"Extra\", '' AS \"Comment\""
                        + " FROM " + informationSchema + ".columns WHERE table_schema = " + literal(name.schema())
                        + " AND table_name = " + literal(name.table()) + " ORDER BY ordinal_position";
            }
            default:
                throw new IllegalArgumentException("not a SHOW query: " + statement.type());
        }
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
