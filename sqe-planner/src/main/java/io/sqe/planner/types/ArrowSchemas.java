package io.sqe.planner.types;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The one mapping from Iceberg types to Arrow types, shared by the worker that produces batches and the coordinator
 * that describes result sets. Timestamps are microseconds; {@code timestamptz} carries the zone "UTC".
 */
public final class ArrowSchemas {
    /** The Arrow time zone of Iceberg {@code timestamptz} values, which are instants. */
    public static final String UTC = "UTC";

    private ArrowSchemas() {}

    /** The Arrow schema of the given top-level columns of an Iceberg schema, in the given order. */
    public static Schema toArrowSchema(org.apache.iceberg.Schema schema, List<Integer> fieldIds) {
        requireNonNull(schema, "schema is null");
        requireNonNull(fieldIds, "fieldIds is null");
        List<Field> fields = new ArrayList<>(fieldIds.size());
        for (int fieldId : fieldIds) {
            Types.NestedField field = schema.asStruct().field(fieldId);
            if (field == null) {
                throw new SqeException(ErrorCode.COLUMN_NOT_FOUND,
                        "No top-level column with field id " + fieldId + " in schema " + schema.schemaId());
            }
            fields.add(toArrowField(field));
        }
        return new Schema(fields);
    }

    /** The Arrow schema of all columns of an Iceberg schema. */
    public static Schema toArrowSchema(org.apache.iceberg.Schema schema) {
        requireNonNull(schema, "schema is null");
        List<Field> fields = new ArrayList<>();
        for (Types.NestedField field : schema.columns()) {
            fields.add(toArrowField(field));
        }
        return new Schema(fields);
    }

    /** The Arrow field of one Iceberg column, nullable when the column is optional. */
    public static Field toArrowField(Types.NestedField field) {
        requireNonNull(field, "field is null");
        ArrowType type = toArrowType(field.type(), field.name());
        return new Field(field.name(), new FieldType(field.isOptional(), type, null), null);
    }

    /**
     * The Arrow type of an Iceberg primitive type.
     *
     * @param columnName the column the type belongs to, named in the error for types that are not supported
     */
    public static ArrowType toArrowType(Type type, String columnName) {
        requireNonNull(type, "type is null");
        requireNonNull(columnName, "columnName is null");
        switch (type.typeId()) {
            case BOOLEAN:
                return ArrowType.Bool.INSTANCE;
            case INTEGER:
                return new ArrowType.Int(32, true);
            case LONG:
                return new ArrowType.Int(64, true);
            case FLOAT:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL:
                Types.DecimalType decimal = (Types.DecimalType) type;
                return new ArrowType.Decimal(decimal.precision(), decimal.scale(), 128);
            case STRING:
            case UUID:
                return ArrowType.Utf8.INSTANCE;
            case BINARY:
            case FIXED:
                return ArrowType.Binary.INSTANCE;
            case DATE:
                return new ArrowType.Date(DateUnit.DAY);
            case TIME:
                return new ArrowType.Time(TimeUnit.MICROSECOND, 64);
            case TIMESTAMP:
                return ((Types.TimestampType) type).shouldAdjustToUTC()
                        ? new ArrowType.Timestamp(TimeUnit.MICROSECOND, UTC)
                        : new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            default:
                // Nested types (struct, list, map) and newer Iceberg types (nanosecond timestamps, variant,
                // geometry, unknown) are not read yet. Iceberg's enum is not ours, so new constants land here.
                throw new SqeException(ErrorCode.NOT_SUPPORTED,
                        "Column " + columnName + " has type " + type + ", which SQE cannot read yet."
                                + " Select the other columns.");
        }
    }
}
