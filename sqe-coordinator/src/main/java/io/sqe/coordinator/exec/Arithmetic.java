package io.sqe.coordinator.exec;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;

/**
 * {@code + - * /} over whole columns. Integer arithmetic that overflows its SQL type fails with
 * NUMERIC_VALUE_OUT_OF_RANGE; decimal arithmetic is exact: unscaled longs while they fit, {@link BigDecimal}s for a
 * batch where one does not.
 */
final class Arithmetic {
    private Arithmetic() {}

    static Column apply(SqlKind operator, Column left, RelDataType leftType, Column right, RelDataType rightType,
            RelDataType resultType) {
        switch (ValueKind.required(resultType)) {
            case LONG:
                return Casts.checkRange(longs(operator, left, right, resultType), resultType);
            case DOUBLE:
                return doubles(operator, Casts.toDouble(left, scaleOf(leftType)),
                        Casts.toDouble(right, scaleOf(rightType)));
            case DECIMAL:
                return decimals(operator, left, scaleOf(leftType), right, scaleOf(rightType), resultType.getScale());
            default:
                throw new Unsupported("arithmetic of type " + resultType);
        }
    }

    static int scaleOf(RelDataType type) {
        return type.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.DECIMAL ? type.getScale() : 0;
    }

    private static boolean[] nullsOf(Column left, Column right) {
        if (left.nulls == null) {
            return right.nulls;
        }
        if (right.nulls == null) {
            return left.nulls;
        }
        boolean[] nulls = new boolean[left.size];
        for (int i = 0; i < nulls.length; i++) {
            nulls[i] = left.nulls[i] || right.nulls[i];
        }
        return nulls;
    }

    private static Column longs(SqlKind operator, Column left, Column right, RelDataType type) {
        int size = left.size;
        boolean[] nulls = nullsOf(left, right);
        long[] a = left.longs;
        long[] b = right.longs;
        long[] result = new long[size];
        try {
            switch (operator) {
                case PLUS:
                    for (int i = 0; i < size; i++) {
                        result[i] = Math.addExact(a[i], b[i]);
                    }
                    break;
                case MINUS:
                    for (int i = 0; i < size; i++) {
                        result[i] = Math.subtractExact(a[i], b[i]);
                    }
                    break;
                case TIMES:
                    for (int i = 0; i < size; i++) {
                        result[i] = Math.multiplyExact(a[i], b[i]);
                    }
                    break;
                case DIVIDE:
                case MOD:
                    for (int i = 0; i < size; i++) {
                        if (nulls != null && nulls[i]) {
                            continue;
                        }
                        if (b[i] == 0) {
                            throw new SqeException(ErrorCode.DIVISION_BY_ZERO, "Division by zero");
                        }
                        result[i] = operator == SqlKind.DIVIDE ? a[i] / b[i] : a[i] % b[i];
                    }
                    break;
                default:
                    throw new Unsupported("operator " + operator);
            }
        } catch (ArithmeticException e) {
            throw Casts.outOfRange(type);
        }
        return Column.ofLongs(ValueKind.LONG, result, nulls, size);
    }

    private static Column doubles(SqlKind operator, Column left, Column right) {
        int size = left.size;
        double[] a = left.doubles;
        double[] b = right.doubles;
        double[] result = new double[size];
        switch (operator) {
            case PLUS:
                for (int i = 0; i < size; i++) {
                    result[i] = a[i] + b[i];
                }
                break;
            case MINUS:
                for (int i = 0; i < size; i++) {
                    result[i] = a[i] - b[i];
                }
                break;
            case TIMES:
                for (int i = 0; i < size; i++) {
                    result[i] = a[i] * b[i];
                }
                break;
            case DIVIDE:
                for (int i = 0; i < size; i++) {
                    result[i] = a[i] / b[i];
                }
                break;
            default:
                throw new Unsupported("operator " + operator);
        }
        return Column.ofDoubles(result, nullsOf(left, right), size);
    }

    private static Column decimals(SqlKind operator, Column left, int leftScale, Column right, int rightScale,
            int resultScale) {
        int size = left.size;
        boolean[] nulls = nullsOf(left, right);
        if (operator == SqlKind.PLUS || operator == SqlKind.MINUS) {
            Column a = Casts.toDecimal(left, leftScale, resultScale);
            Column b = Casts.toDecimal(right, rightScale, resultScale);
            if (!a.isWide() && !b.isWide()) {
                long[] result = new long[size];
                boolean plus = operator == SqlKind.PLUS;
                for (int i = 0; i < size; i++) {
                    long x = a.longs[i];
                    long y = b.longs[i];
                    long r = plus ? x + y : x - y;
                    // overflow when both operands have a sign the result does not
                    if (((plus ? (x ^ r) & (y ^ r) : (x ^ y) & (x ^ r)) < 0)) {
                        return wide(operator, a, resultScale, b, resultScale, resultScale, nulls);
                    }
                    result[i] = r;
                }
                return Column.ofLongs(ValueKind.DECIMAL, result, nulls, size);
            }
            return wide(operator, a, resultScale, b, resultScale, resultScale, nulls);
        }
        if (operator == SqlKind.TIMES && !left.isWide() && !right.isWide()
                && leftScale + rightScale >= resultScale) {
            int productScale = leftScale + rightScale;
            long[] result = new long[size];
            for (int i = 0; i < size; i++) {
                long x = left.longs[i];
                long y = right.longs[i];
                long high = Math.multiplyHigh(x, y);
                long low = x * y;
                if (high != (low >> 63)) {
                    return wide(operator, left, leftScale, right, rightScale, resultScale, nulls);
                }
                result[i] = low;
            }
            if (productScale == resultScale) {
                return Column.ofLongs(ValueKind.DECIMAL, result, nulls, size);
            }
            if (!Column.fitsPowerOfTen(productScale - resultScale)) {
                return wide(operator, left, leftScale, right, rightScale, resultScale, nulls);
            }
            for (int i = 0; i < size; i++) {
                result[i] = Column.downscale(result[i], productScale, resultScale);
            }
            return Column.ofLongs(ValueKind.DECIMAL, result, nulls, size);
        }
        return wide(operator, left, leftScale, right, rightScale, resultScale, nulls);
    }

    private static Column wide(SqlKind operator, Column left, int leftScale, Column right, int rightScale,
            int resultScale, boolean[] nulls) {
        int size = left.size;
        BigDecimal[] result = new BigDecimal[size];
        for (int i = 0; i < size; i++) {
            if (nulls != null && nulls[i]) {
                continue;
            }
            BigDecimal a = left.kind == ValueKind.DECIMAL ? left.decimal(i, leftScale)
                    : BigDecimal.valueOf(left.longs[i]);
            BigDecimal b = right.kind == ValueKind.DECIMAL ? right.decimal(i, rightScale)
                    : BigDecimal.valueOf(right.longs[i]);
            result[i] = apply(operator, a, b, resultScale);
        }
        return Column.decimalsNarrowedIfPossible(result, nulls, size);
    }

    private static BigDecimal apply(SqlKind operator, BigDecimal a, BigDecimal b, int scale) {
        switch (operator) {
            case PLUS:
                return a.add(b).setScale(scale, RoundingMode.HALF_UP);
            case MINUS:
                return a.subtract(b).setScale(scale, RoundingMode.HALF_UP);
            case TIMES:
                return a.multiply(b).setScale(scale, RoundingMode.HALF_UP);
            case DIVIDE:
                if (b.signum() == 0) {
                    throw new SqeException(ErrorCode.DIVISION_BY_ZERO, "Division by zero");
                }
                return a.divide(b, scale, RoundingMode.HALF_UP);
            default:
                throw new Unsupported("operator " + operator);
        }
    }

    /** {@code -x}. */
    static Column negate(Column values, RelDataType type) {
        int size = values.size;
        switch (values.kind) {
            case DOUBLE: {
                double[] result = new double[size];
                for (int i = 0; i < size; i++) {
                    result[i] = -values.doubles[i];
                }
                return Column.ofDoubles(result, values.nulls, size);
            }
            case LONG:
            case DECIMAL: {
                if (values.isWide()) {
                    BigDecimal[] result = new BigDecimal[size];
                    for (int i = 0; i < size; i++) {
                        result[i] = values.isNull(i) ? null : values.decimals[i].negate();
                    }
                    return Column.decimalsNarrowedIfPossible(result, values.nulls, size);
                }
                long[] result = new long[size];
                for (int i = 0; i < size; i++) {
                    if (values.longs[i] == Long.MIN_VALUE) {
                        throw Casts.outOfRange(type);
                    }
                    result[i] = -values.longs[i];
                }
                return Casts.checkRange(Column.ofLongs(values.kind, result, values.nulls, size), type);
            }
            default:
                throw new Unsupported("negation of " + type);
        }
    }
}
