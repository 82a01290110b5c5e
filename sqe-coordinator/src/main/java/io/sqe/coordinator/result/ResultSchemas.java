package io.sqe.coordinator.result;

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
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * The SQL → Arrow half of the type mapping (docs/types.md has the whole table). Timestamps and times are
 * microseconds, matching Iceberg; {@code TIMESTAMP WITH TIME ZONE} is an instant in UTC.
 */
public final class ResultSchemas {
    private ResultSchemas() {}

    /** Columns without a name (Calcite's {@code EXPR$n}) are named {@code _col<position>}, as Trino names them. */
    public static Schema toArrowSchema(RelDataType rowType) {
        List<Field> fields = new ArrayList<>();
        for (RelDataTypeField field : rowType.getFieldList()) {
            String name = field.getName().startsWith("EXPR$") ? "_col" + field.getIndex() : field.getName();
            fields.add(toArrowField(name, field.getType()));
        }
        return new Schema(fields);
    }

    public static Field toArrowField(String name, RelDataType type) {
        return new Field(name, new FieldType(true, toArrowType(name, type), null), null);
    }

    private static ArrowType toArrowType(String name, RelDataType type) {
        switch (type.getSqlTypeName()) {
            case BOOLEAN:
                return ArrowType.Bool.INSTANCE;
            case TINYINT:
                return new ArrowType.Int(8, true);
            case SMALLINT:
                return new ArrowType.Int(16, true);
            case INTEGER:
                return new ArrowType.Int(32, true);
            case BIGINT:
                return new ArrowType.Int(64, true);
            case REAL:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT:
            case DOUBLE:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL:
                return new ArrowType.Decimal(type.getPrecision(), type.getScale(), 128);
            case CHAR:
            case VARCHAR:
            case NULL:
            case INTERVAL_YEAR:
            case INTERVAL_YEAR_MONTH:
            case INTERVAL_MONTH:
            case INTERVAL_DAY:
            case INTERVAL_DAY_HOUR:
            case INTERVAL_DAY_MINUTE:
            case INTERVAL_DAY_SECOND:
            case INTERVAL_HOUR:
            case INTERVAL_HOUR_MINUTE:
            case INTERVAL_HOUR_SECOND:
            case INTERVAL_MINUTE:
            case INTERVAL_MINUTE_SECOND:
            case INTERVAL_SECOND:
                return ArrowType.Utf8.INSTANCE;
            case BINARY:
            case VARBINARY:
                return ArrowType.Binary.INSTANCE;
            case DATE:
                return new ArrowType.Date(DateUnit.DAY);
            case TIME:
                return new ArrowType.Time(TimeUnit.MICROSECOND, 64);
            case TIMESTAMP:
                return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
            default:
                throw new SqeException(ErrorCode.NOT_SUPPORTED, "Column '" + name + "' has type "
                        + type.getFullTypeString() + ", which SQE cannot return yet; CAST it to VARCHAR");
        }
    }
}
