package io.sqe.catalog.calcite;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A metadata table ({@code information_schema}, {@code system.jdbc}) whose rows are computed on every scan, so
 * they show what the statement's user may see at that moment. Rows hold Calcite's internal values: {@link String}
 * for varchar, {@link Long} for bigint, {@link Boolean} for boolean.
 */
final class MetadataTable extends AbstractTable implements ScannableTable {
    private final List<Column> columns;
    private final Supplier<List<Object[]>> rows;

    MetadataTable(List<Column> columns, Supplier<List<Object[]>> rows) {
        this.columns = List.copyOf(columns);
        this.rows = requireNonNull(rows, "rows is null");
    }

    List<Column> columns() {
        return columns;
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

    /** One column of a metadata table; the types are those the rows can hold. */
    record Column(String name, SqlTypeName type, boolean nullable) {
        Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            if (type != SqlTypeName.VARCHAR && type != SqlTypeName.BIGINT && type != SqlTypeName.BOOLEAN) {
                throw new IllegalArgumentException("metadata column " + name + " cannot have the type " + type);
            }
        }

        static Column varchar(String name) {
            return new Column(name, SqlTypeName.VARCHAR, false);
        }

        static Column nullableVarchar(String name) {
            return new Column(name, SqlTypeName.VARCHAR, true);
        }

        static Column bigint(String name) {
            return new Column(name, SqlTypeName.BIGINT, false);
        }

        static Column nullableBigint(String name) {
            return new Column(name, SqlTypeName.BIGINT, true);
        }

        static Column nullableBoolean(String name) {
            return new Column(name, SqlTypeName.BOOLEAN, true);
        }

        /** The Iceberg type with the same SQL type, so metadata columns describe themselves like table columns. */
        Type icebergType() {
            return switch (type) {
                case VARCHAR -> Types.StringType.get();
                case BIGINT -> Types.LongType.get();
                case BOOLEAN -> Types.BooleanType.get();
                // Library enum; the compact constructor admits only the three types above.
                default -> throw new IllegalStateException("unexpected metadata column type " + type);
            };
        }
    }
}
