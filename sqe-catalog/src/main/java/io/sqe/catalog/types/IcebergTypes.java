package io.sqe.catalog.types;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Maps between Iceberg types, Calcite types and the Trino-style type names users see.
 *
 * <table>
 *   <caption>Iceberg to Calcite</caption>
 *   <tr><th>Iceberg</th><th>Calcite</th><th>shown as</th></tr>
 *   <tr><td>boolean</td><td>BOOLEAN</td><td>boolean</td></tr>
 *   <tr><td>int</td><td>INTEGER</td><td>integer</td></tr>
 *   <tr><td>long</td><td>BIGINT</td><td>bigint</td></tr>
 *   <tr><td>float</td><td>REAL</td><td>real</td></tr>
 *   <tr><td>double</td><td>DOUBLE</td><td>double</td></tr>
 *   <tr><td>decimal(p,s)</td><td>DECIMAL(p,s)</td><td>decimal(p,s)</td></tr>
 *   <tr><td>string</td><td>VARCHAR</td><td>varchar</td></tr>
 *   <tr><td>binary, fixed(n)</td><td>VARBINARY</td><td>varbinary</td></tr>
 *   <tr><td>date</td><td>DATE</td><td>date</td></tr>
 *   <tr><td>time</td><td>TIME</td><td>time(6)</td></tr>
 *   <tr><td>timestamp</td><td>TIMESTAMP(6)</td><td>timestamp(6)</td></tr>
 *   <tr><td>timestamptz</td><td>TIMESTAMP_WITH_LOCAL_TIME_ZONE(6)</td><td>timestamp(6) with time zone</td></tr>
 * </table>
 *
 * <p>Nested types (struct, list, map) and the remaining Iceberg types cannot be queried yet and fail with
 * {@link ErrorCode#NOT_SUPPORTED} naming the column. The Calcite type system decides the precision it actually
 * keeps for TIMESTAMP(6).
 */
public final class IcebergTypes {
    /** Iceberg stores timestamps and times in microseconds. */
    public static final int TIMESTAMP_PRECISION = 6;

    private IcebergTypes() {}

    /** The Calcite row type of an Iceberg schema; optional fields become nullable. */
    public static RelDataType toRelDataType(Schema schema, RelDataTypeFactory typeFactory) {
        requireNonNull(schema, "schema is null");
        requireNonNull(typeFactory, "typeFactory is null");
        RelDataTypeFactory.Builder builder = typeFactory.builder();
        for (Types.NestedField field : schema.columns()) {
            builder.add(field.name(), toRelDataType(field, typeFactory));
        }
        return builder.build();
    }

    /** The Calcite type of one column, nullable when the field is optional. */
    public static RelDataType toRelDataType(Types.NestedField field, RelDataTypeFactory typeFactory) {
        requireNonNull(field, "field is null");
        RelDataType type = toRelDataType(field.name(), field.type(), typeFactory);
        return typeFactory.createTypeWithNullability(type, field.isOptional());
    }

    private static RelDataType toRelDataType(String column, Type type, RelDataTypeFactory typeFactory) {
        return switch (type.typeId()) {
            case BOOLEAN -> typeFactory.createSqlType(SqlTypeName.BOOLEAN);
            case INTEGER -> typeFactory.createSqlType(SqlTypeName.INTEGER);
            case LONG -> typeFactory.createSqlType(SqlTypeName.BIGINT);
            case FLOAT -> typeFactory.createSqlType(SqlTypeName.REAL);
            case DOUBLE -> typeFactory.createSqlType(SqlTypeName.DOUBLE);
            case DECIMAL -> {
                Types.DecimalType decimal = (Types.DecimalType) type;
                yield typeFactory.createSqlType(SqlTypeName.DECIMAL, decimal.precision(), decimal.scale());
            }
            case STRING -> typeFactory.createSqlType(SqlTypeName.VARCHAR);
            case BINARY, FIXED -> typeFactory.createSqlType(SqlTypeName.VARBINARY);
            case DATE -> typeFactory.createSqlType(SqlTypeName.DATE);
            case TIME -> typeFactory.createSqlType(SqlTypeName.TIME);
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC()
                    ? typeFactory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIMESTAMP_PRECISION)
                    : typeFactory.createSqlType(SqlTypeName.TIMESTAMP, TIMESTAMP_PRECISION);
            case STRUCT, LIST, MAP -> throw new SqeException(
                    ErrorCode.NOT_SUPPORTED,
                    "Column '" + column + "' has the nested type " + sqlTypeName(type)
                            + ", which SQE cannot query yet; select the other columns");
            case TIMESTAMP_NANO, UUID, GEOMETRY, GEOGRAPHY, VARIANT, UNKNOWN -> throw new SqeException(
                    ErrorCode.NOT_SUPPORTED,
                    "Column '" + column + "' has the Iceberg type " + type
                            + ", which SQE cannot query yet; select the other columns");
        };
    }

    /** The type name shown to users, in Trino's spelling: {@code integer}, {@code timestamp(6) with time zone}. */
    public static String sqlTypeName(Type type) {
        requireNonNull(type, "type is null");
        return switch (type.typeId()) {
            case BOOLEAN -> "boolean";
            case INTEGER -> "integer";
            case LONG -> "bigint";
            case FLOAT -> "real";
            case DOUBLE -> "double";
            case DECIMAL -> {
                Types.DecimalType decimal = (Types.DecimalType) type;
                yield "decimal(" + decimal.precision() + "," + decimal.scale() + ")";
            }
            case STRING -> "varchar";
            case BINARY, FIXED -> "varbinary";
            case DATE -> "date";
            case TIME -> "time(6)";
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC()
                    ? "timestamp(6) with time zone"
                    : "timestamp(6)";
            case TIMESTAMP_NANO -> ((Types.TimestampNanoType) type).shouldAdjustToUTC()
                    ? "timestamp(9) with time zone"
                    : "timestamp(9)";
            case UUID -> "uuid";
            case STRUCT -> type.asStructType().fields().stream()
                    .map(field -> field.name() + " " + sqlTypeName(field.type()))
                    .collect(Collectors.joining(", ", "row(", ")"));
            case LIST -> "array(" + sqlTypeName(type.asListType().elementType()) + ")";
            case MAP -> "map(" + sqlTypeName(type.asMapType().keyType()) + ", "
                    + sqlTypeName(type.asMapType().valueType()) + ")";
            case GEOMETRY, GEOGRAPHY, VARIANT, UNKNOWN -> type.toString().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * The Iceberg schema for a query's row type (CREATE TABLE AS): field ids 1..n in column order, nullable
     * columns optional.
     */
    public static Schema toIcebergSchema(RelDataType rowType) {
        requireNonNull(rowType, "rowType is null");
        List<Types.NestedField> fields = new ArrayList<>();
        int id = 1;
        for (RelDataTypeField field : rowType.getFieldList()) {
            Type type = toIcebergType(field.getName(), field.getType());
            fields.add(field.getType().isNullable()
                    ? Types.NestedField.optional(id, field.getName(), type)
                    : Types.NestedField.required(id, field.getName(), type));
            id++;
        }
        return new Schema(fields);
    }

    /** The Iceberg type to store a Calcite column of this type in; nullability is left to the caller. */
    public static Type toIcebergType(String column, RelDataType type) {
        requireNonNull(column, "column is null");
        requireNonNull(type, "type is null");
        SqlTypeName typeName = type.getSqlTypeName();
        switch (typeName) {
            case BOOLEAN:
                return Types.BooleanType.get();
            case TINYINT:
            case SMALLINT:
            case INTEGER:
                return Types.IntegerType.get();
            case BIGINT:
                return Types.LongType.get();
            case REAL:
            case FLOAT:
                return Types.FloatType.get();
            case DOUBLE:
                return Types.DoubleType.get();
            case DECIMAL:
                return decimalType(column, type);
            case CHAR:
            case VARCHAR:
                return Types.StringType.get();
            case BINARY:
            case VARBINARY:
                return Types.BinaryType.get();
            case DATE:
                return Types.DateType.get();
            case TIME:
                return Types.TimeType.get();
            case TIMESTAMP:
                return Types.TimestampType.withoutZone();
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
            case TIMESTAMP_TZ:
                return Types.TimestampType.withZone();
            case NULL:
                throw new SqeException(
                        ErrorCode.NOT_SUPPORTED,
                        "Column '" + column + "' has no type because it is always NULL; CAST it to a type, "
                                + "for example CAST(NULL AS varchar)");
            default:
                // Library enum with many constants (intervals, ROW, ARRAY, ...); none of them can be stored yet.
                throw new SqeException(
                        ErrorCode.NOT_SUPPORTED,
                        "Column '" + column + "' has the type " + type.getFullTypeString()
                                + ", which SQE cannot store in an Iceberg table; CAST it to a supported type");
        }
    }

    private static Type decimalType(String column, RelDataType type) {
        int precision = type.getPrecision();
        int scale = type.getScale();
        if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
            throw new SqeException(
                    ErrorCode.NOT_SUPPORTED,
                    "Column '" + column + "' has the type decimal(" + precision + "," + scale
                            + "); Iceberg supports decimal(p,s) with 1 <= p <= 38 and 0 <= s <= p, CAST it");
        }
        return Types.DecimalType.of(precision, scale);
    }
}
