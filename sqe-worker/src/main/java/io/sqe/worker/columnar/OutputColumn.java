package io.sqe.worker.columnar;

import io.sqe.planner.aggregation.ScanType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Writes one partial-result column of a {@link ScanType} into its Arrow vector. */
final class OutputColumn {
    private final ScanType type;
    private final FieldVector vector;

    OutputColumn(ScanType type, FieldVector vector) {
        this.type = type;
        this.vector = vector;
    }

    static Field field(String name, ScanType type) {
        return new Field(name, FieldType.nullable(arrowType(type)), null);
    }

    private static ArrowType arrowType(ScanType type) {
        switch (type.kind()) {
            case BOOLEAN:
                return ArrowType.Bool.INSTANCE;
            case INT:
                return new ArrowType.Int(32, true);
            case LONG:
                return new ArrowType.Int(64, true);
            case DOUBLE:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL:
                return new ArrowType.Decimal(type.precision(), type.scale(), 128);
            case DATE:
                return new ArrowType.Date(DateUnit.DAY);
            case STRING:
                return ArrowType.Utf8.INSTANCE;
        }
        throw new IllegalStateException("unknown kind " + type.kind());
    }

    void writeNull(int row) {
        vector.setNull(row);
    }

    void writeLong(int row, long value) {
        switch (type.kind()) {
            case BOOLEAN:
                ((BitVector) vector).setSafe(row, (int) value);
                return;
            case INT:
                if (value != (int) value) {
                    throw ExpressionEvaluator.outOfRange(type);
                }
                ((IntVector) vector).setSafe(row, (int) value);
                return;
            case LONG:
                ((BigIntVector) vector).setSafe(row, value);
                return;
            case DATE:
                ((DateDayVector) vector).setSafe(row, (int) value);
                return;
            case DECIMAL:
                // The unscaled value as it is: no BigDecimal on this path, which writes every decimal aggregate.
                // A long has at most 19 digits, so a precision of 19 or more holds any of them.
                if (type.precision() < ExpressionEvaluator.POWERS_OF_TEN.length) {
                    long limit = ExpressionEvaluator.POWERS_OF_TEN[type.precision()];
                    if (value >= limit || value <= -limit) {
                        throw ExpressionEvaluator.outOfRange(type);
                    }
                }
                ((DecimalVector) vector).setSafe(row, value);
                return;
            case DOUBLE:
            case STRING:
                break;
        }
        throw new IllegalStateException("no long values in a " + type + " column");
    }

    void writeDouble(int row, double value) {
        ((Float8Vector) vector).setSafe(row, value);
    }

    void writeDecimal(int row, BigDecimal value) {
        BigDecimal scaled = value.setScale(type.scale(), RoundingMode.UNNECESSARY);
        if (scaled.precision() > type.precision()) {
            throw ExpressionEvaluator.outOfRange(type);
        }
        ((DecimalVector) vector).setSafe(row, scaled);
    }

    void writeBytes(int row, byte[] value) {
        ((VarCharVector) vector).setSafe(row, value);
    }
}
