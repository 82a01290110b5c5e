package io.sqe.coordinator.write;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.SessionCatalogs;
import io.sqe.catalog.types.IcebergTypes;
import io.sqe.catalog.write.TableWriter;
import io.sqe.coordinator.ddl.Names;
import io.sqe.coordinator.ddl.TableProperties;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import io.sqe.policy.ObjectName;
import io.sqe.policy.Privilege;
import io.sqe.policy.QueryPolicy;
import io.sqe.sql.CreateTableAsSelect;
import io.sqe.sql.Insert;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/**
 * CREATE TABLE AS and INSERT: the query's rows go through {@link TableWriter} into Parquet files and one
 * Iceberg commit. INSERT is validated by Calcite as a real INSERT, so column lists, defaults (NULL) and
 * type coercion to the target columns follow SQL rules before a single row is written.
 */
public final class WriteHandler {
    private final SessionCatalogs catalogs;
    private final TableWriter writer = new TableWriter();

    public WriteHandler(SessionCatalogs catalogs) {
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
    }

    /** A checked CREATE TABLE AS target, in the catalog of the session that prepared it. */
    public record CreateTableAsSelectTarget(SessionCatalog catalog, Names.TableName name, Schema schema,
            PartitionSpec spec, boolean ifNotExists, boolean withData) {
        public CreateTableAsSelectTarget {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(name, "name is null");
            requireNonNull(schema, "schema is null");
            requireNonNull(spec, "spec is null");
        }
    }

    /** A checked INSERT target and the INSERT statement Calcite validates and plans. */
    public record InsertTarget(ObjectName name, Table table, SqlNode insertNode) {
        public InsertTarget {
            requireNonNull(name, "name is null");
            requireNonNull(table, "table is null");
            requireNonNull(insertNode, "insertNode is null");
        }
    }

    /** Throws ACCESS_DENIED unless the user may create the CREATE TABLE AS target. */
    public void checkCreateTableAsSelect(Session session, CreateTableAsSelect statement, QueryPolicy policy) {
        SessionCatalog catalog = catalogs.forSession(session);
        Names.TableName name = Names.table(session, catalog, statement.name());
        policy.checkAccess(Privilege.CREATE, ObjectName.table(catalog.name(), name.schema(), name.table()));
    }

    public CreateTableAsSelectTarget prepareCreateTableAsSelect(Session session, CreateTableAsSelect statement,
            RelDataType rowType, RelDataTypeFactory typeFactory) {
        SessionCatalog catalog = catalogs.forSession(session);
        Names.TableName name = Names.table(session, catalog, statement.name());
        List<RelDataTypeField> fields = rowType.getFieldList();
        List<String> names = new ArrayList<>();
        if (statement.columnAliases().isPresent()) {
            names.addAll(statement.columnAliases().get());
            if (names.size() != fields.size()) {
                throw new SqeException(ErrorCode.TYPE_MISMATCH, "CREATE TABLE lists " + names.size()
                        + " column names but the query returns " + fields.size() + " columns");
            }
        } else {
            for (int i = 0; i < fields.size(); i++) {
                String column = fields.get(i).getName();
                if (column.startsWith("EXPR$")) {
                    throw new SqeException(ErrorCode.MISSING_COLUMN_NAME, "Column " + (i + 1)
                            + " of the query has no name; give it one with AS");
                }
                names.add(column);
            }
        }
        Set<String> seen = new HashSet<>();
        List<Types.NestedField> columns = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (!seen.add(names.get(i))) {
                throw new SqeException(ErrorCode.DUPLICATE_COLUMN_NAME,
                        "Column '" + names.get(i) + "' appears more than once; rename one with AS");
            }
            // Trino's rule: CREATE TABLE AS columns are nullable whatever the query says.
            columns.add(Types.NestedField.optional(i + 1, names.get(i),
                    IcebergTypes.toIcebergType(names.get(i), fields.get(i).getType())));
        }
        Schema schema = new Schema(columns);
        PartitionSpec spec = TableProperties.partitionSpec(schema, statement.properties());
        if (!statement.ifNotExists() && catalog.findTable(name.schema(), name.table()).isPresent()) {
            throw catalog.tableAlreadyExists(name.schema(), name.table(), null);
        }
        if (!catalog.schemaExists(name.schema())) {
            throw new SqeException(ErrorCode.SCHEMA_NOT_FOUND,
                    "Schema '" + catalog.name() + "." + name.schema() + "' does not exist");
        }
        return new CreateTableAsSelectTarget(catalog, name, schema, spec, statement.ifNotExists(), statement.withData());
    }

    public long createTableAsSelect(CreateTableAsSelectTarget target, Iterator<Object[]> rows) {
        SessionCatalog catalog = target.catalog();
        Names.TableName name = target.name();
        if (catalog.findTable(name.schema(), name.table()).isPresent()) {
            if (target.ifNotExists()) {
                return 0;
            }
            throw catalog.tableAlreadyExists(name.schema(), name.table(), null);
        }
        Iterator<Object[]> source = target.withData() ? rows : List.<Object[]>of().iterator();
        return writer.createTableAsSelect(catalog, name.schema(), name.table(), target.schema(), target.spec(), source);
    }

    /** The INSERT target, after checking that the user may insert into it (ACCESS_DENIED otherwise). */
    public InsertTarget resolveInsertTarget(Session session, Insert statement, QueryPolicy policy) {
        SessionCatalog catalog = catalogs.forSession(session);
        Names.TableName name = Names.table(session, catalog, statement.table());
        ObjectName object = ObjectName.table(catalog.name(), name.schema(), name.table());
        policy.checkAccess(Privilege.INSERT, object);
        Table table = catalog.loadTable(name.schema(), name.table());
        SqlIdentifier target = new SqlIdentifier(List.of(catalog.name(), name.schema(), name.table()),
                SqlParserPos.ZERO);
        SqlNodeList columns = null;
        if (statement.columns().isPresent()) {
            List<SqlNode> identifiers = new ArrayList<>();
            for (String column : statement.columns().get()) {
                identifiers.add(new SqlIdentifier(column, SqlParserPos.ZERO));
            }
            columns = new SqlNodeList(identifiers, SqlParserPos.ZERO);
        }
        SqlInsert insert = new SqlInsert(SqlParserPos.ZERO, SqlNodeList.EMPTY, target, statement.source(), columns);
        return new InsertTarget(object, table, insert);
    }

    public long insert(InsertTarget target, Iterator<Object[]> rows) {
        return writer.append(target.table(), rows);
    }
}
