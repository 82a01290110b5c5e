package io.sqe.coordinator.exec;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.math.BigDecimal;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/** Conversions between the types the columnar engine holds, with SQL's rules for exactness and range. */
final class Casts {
    private Casts() {}

    /** Whether {@link #convert} handles {@code from} → {@code to}. */
    static boolean supported(RelDataType from, RelDataType to) {
        ValueKind source = ValueKind.of(from).orElse(null);
        ValueKind target = ValueKind.of(to).orElse(null);
        if (source == null || target == null) {
            return from.getSqlTypeName() == SqlTypeName.NULL && target != null;
        }
        switch (target) {
            case LONG:
                return source == ValueKind.LONG;
            case DECIMAL:
                return source == ValueKind.LONG || source == ValueKind.DECIMAL;
            case DOUBLE:
                return source == ValueKind.LONG || source == ValueKind.DECIMAL || source == ValueKind.DOUBLE;
            case STRING:
                // Only casts that keep every character: to an unbounded or at least as long VARCHAR.
                return source == ValueKind.STRING && to.getSqlTypeName() == SqlTypeName.VARCHAR
                        && (to.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
                                || from.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
                                        && to.getPrecision() >= from.getPrecision());
            case BOOLEAN:
            case DATE:
                return source == target;
            case TIMESTAMP:
                return source == target && from.getPrecision() <= to.getPrecision();
        }
        return false;
    }

    static Column convert(Column values, RelDataType from, RelDataType to) {
        ValueKind target = ValueKind.required(to);
        int size = values.size;
        if (from.getSqlTypeName() == SqlTypeName.NULL) {
            return Column.allNull(target, size);
        }
        ValueKind source = values.kind;
        switch (target) {
            case LONG:
                return checkRange(values, to);
            case DECIMAL:
                return toDecimal(values, source == ValueKind.DECIMAL ? from.getScale() : 0, to.getScale());
            case DOUBLE:
                return toDouble(values, source == ValueKind.DECIMAL ? from.getScale() : 0);
            case STRING:
            case BOOLEAN:
            case DATE:
            case TIMESTAMP:
                return values;
        }
        throw new IllegalStateException("unknown kind " + target);
    }

    /** Integers of a narrower SQL type must fit it. */
    static Column checkRange(Column values, RelDataType to) {
        long min;
        long max;
        switch (to.getSqlTypeName()) {
            case TINYINT:
                min = Byte.MIN_VALUE;
                max = Byte.MAX_VALUE;
                break;
            case SMALLINT:
                min = Short.MIN_VALUE;
                max = Short.MAX_VALUE;
                break;
            case INTEGER:
                min = Integer.MIN_VALUE;
                max = Integer.MAX_VALUE;
                break;
            default:
                return values;
        }
        for (int i = 0; i < values.size; i++) {
            long value = values.longs[i];
            if ((value < min || value > max) && !values.isNull(i)) {
                throw outOfRange(to);
            }
        }
        return values;
    }

    static Column toDecimal(Column values, int fromScale, int toScale) {
        int size = values.size;
        if (values.isWide() || toScale < fromScale) {
            BigDecimal[] result = new BigDecimal[size];
            for (int i = 0; i < size; i++) {
                if (!values.isNull(i)) {
                    result[i] = Column.rescale(values.decimal(i, fromScale), toScale);
                }
            }
            return Column.decimalsNarrowedIfPossible(result, values.nulls, size);
        }
        int shift = toScale - fromScale;
        if (shift == 0) {
            return values.kind == ValueKind.DECIMAL ? values
                    : Column.ofLongs(ValueKind.DECIMAL, values.longs, values.nulls, size);
        }
        if (!Column.fitsPowerOfTen(shift)) {
            return toDecimal(values.widened(fromScale), fromScale, toScale);
        }
        long factor = Column.powerOfTen(shift);
        long[] result = new long[size];
        for (int i = 0; i < size; i++) {
            long value = values.longs[i];
            long high = Math.multiplyHigh(value, factor);
            long low = value * factor;
            if (high != (low >> 63)) {
                return toDecimal(values.widened(fromScale), fromScale, toScale);
            }
            result[i] = low;
        }
        return Column.ofLongs(ValueKind.DECIMAL, result, values.nulls, size);
    }

    static Column toDouble(Column values, int scale) {
        int size = values.size;
        if (values.kind == ValueKind.DOUBLE) {
            return values;
        }
        double[] result = new double[size];
        if (values.kind == ValueKind.DECIMAL) {
            double divisor = Math.pow(10, scale);
            for (int i = 0; i < size; i++) {
                if (values.isNull(i)) {
                    continue;
                }
                if (values.isWide() || Math.abs(values.longs[i]) >= (1L << 53) || scale > 22) {
                    result[i] = values.decimal(i, scale).doubleValue();
                } else {
                    // both operands are exact doubles, so the quotient is rounded once, like BigDecimal.doubleValue
                    result[i] = values.longs[i] / divisor;
                }
            }
        } else {
            for (int i = 0; i < size; i++) {
                result[i] = values.longs[i];
            }
        }
        return Column.ofDoubles(result, values.nulls, size);
    }

    static SqeException outOfRange(RelDataType type) {
        return new SqeException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
                "A value does not fit type " + type.getFullTypeString().replace(" NOT NULL", "")
                        + "; cast to a wider type such as bigint or decimal");
    }
}
