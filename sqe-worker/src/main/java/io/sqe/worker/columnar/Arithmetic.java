package io.sqe.worker.columnar;

import io.sqe.planner.aggregation.ScanExpression.Operator;
import io.sqe.planner.aggregation.ScanType;
import io.sqe.planner.aggregation.ScanType.Kind;
import java.math.BigDecimal;

/**
 * Addition, subtraction and multiplication over whole arrays. Operands are first converted to the result type
 * (for a decimal product: each to a decimal of its own scale, the scales adding up to the result's). Decimals stay
 * exact: a result that leaves the long range is kept as a BigDecimal.
 */
final class Arithmetic {
    private Arithmetic() {}

    static ColumnValues apply(Operator operator, ColumnValues left, ColumnValues right, ScanType type) {
        switch (type.kind()) {
            case DOUBLE:
                return doubles(operator, ExpressionEvaluator.convert(left, type),
                        ExpressionEvaluator.convert(right, type), type);
            case INT:
            case LONG:
                return longs(operator, ExpressionEvaluator.convert(left, ScanType.of(Kind.LONG)),
                        ExpressionEvaluator.convert(right, ScanType.of(Kind.LONG)), type);
            case DECIMAL:
                if (operator == Operator.MULTIPLY) {
                    ColumnValues leftDecimal = asDecimal(left);
                    ColumnValues rightDecimal = asDecimal(right);
                    if (leftDecimal.type.scale() + rightDecimal.type.scale() != type.scale()) {
                        throw new IllegalArgumentException("a product of " + left.type + " and " + right.type
                                + " does not have type " + type);
                    }
                    return decimals(operator, leftDecimal, rightDecimal, type);
                }
                return decimals(operator, ExpressionEvaluator.convert(left, type),
                        ExpressionEvaluator.convert(right, type), type);
            case BOOLEAN:
            case DATE:
            case STRING:
                break;
        }
        throw new IllegalArgumentException(operator + " does not produce " + type);
    }

    private static ColumnValues asDecimal(ColumnValues values) {
        if (values.type.kind() == Kind.DECIMAL) {
            return values;
        }
        return ExpressionEvaluator.convert(values, ScanType.decimal(19, 0));
    }

    private static ColumnValues result(ColumnValues left, ColumnValues right, ScanType type) {
        ColumnValues result = new ColumnValues(type, left.count);
        if (left.nulls == null && right.nulls == null) {
            return result;
        }
        for (int i = 0; i < left.count; i++) {
            if (left.isNull(i) || right.isNull(i)) {
                result.setNull(i);
            }
        }
        return result;
    }

    private static ColumnValues doubles(Operator operator, ColumnValues left, ColumnValues right, ScanType type) {
        ColumnValues result = result(left, right, type);
        double[] a = left.doubles;
        double[] b = right.doubles;
        double[] out = new double[left.count];
        switch (operator) {
            case ADD:
                for (int i = 0; i < out.length; i++) {
                    out[i] = a[i] + b[i];
                }
                break;
            case SUBTRACT:
                for (int i = 0; i < out.length; i++) {
                    out[i] = a[i] - b[i];
                }
                break;
            default:
                for (int i = 0; i < out.length; i++) {
                    out[i] = a[i] * b[i];
                }
                break;
        }
        result.doubles = out;
        return result;
    }

    private static ColumnValues longs(Operator operator, ColumnValues left, ColumnValues right, ScanType type) {
        ColumnValues result = result(left, right, type);
        long[] a = left.longs;
        long[] b = right.longs;
        long[] out = new long[left.count];
        try {
            for (int i = 0; i < out.length; i++) {
                if (result.isNull(i)) {
                    continue;
                }
                long value = operator == Operator.ADD ? Math.addExact(a[i], b[i])
                        : operator == Operator.SUBTRACT ? Math.subtractExact(a[i], b[i]) : Math.multiplyExact(a[i], b[i]);
                if (type.kind() == Kind.INT && value != (int) value) {
                    throw ExpressionEvaluator.outOfRange(type);
                }
                out[i] = value;
            }
        } catch (ArithmeticException e) {
            throw ExpressionEvaluator.outOfRange(type);
        }
        result.longs = out;
        return result;
    }

    private static ColumnValues decimals(Operator operator, ColumnValues left, ColumnValues right, ScanType type) {
        ColumnValues result = result(left, right, type);
        if (result.nulls == null && left.wide == null && right.wide == null) {
            return decimalsInLongs(operator, left, right, result);
        }
        long[] a = left.longs;
        long[] b = right.longs;
        long[] out = new long[left.count];
        boolean anyWide = left.wide != null || right.wide != null;
        for (int i = 0; i < out.length; i++) {
            if (result.isNull(i)) {
                continue;
            }
            if (anyWide && (left.isWide(i) || right.isWide(i))) {
                result.setWide(i, wide(operator, left.decimal(i), right.decimal(i)));
                continue;
            }
            long x = a[i];
            long y = b[i];
            long value;
            boolean overflow;
            switch (operator) {
                case ADD:
                    value = x + y;
                    overflow = ((x ^ value) & (y ^ value)) < 0;
                    break;
                case SUBTRACT:
                    value = x - y;
                    overflow = ((x ^ y) & (x ^ value)) < 0;
                    break;
                default:
                    value = x * y;
                    long high = Math.multiplyHigh(x, y);
                    overflow = high != (value >> 63);
                    break;
            }
            if (overflow) {
                result.setWide(i, wide(operator, left.decimal(i), right.decimal(i)));
            } else {
                out[i] = value;
            }
        }
        result.longs = out;
        return result;
    }

    /**
     * {@link #decimals} when no operand is null or wide: one loop per operator, overflow checked per row; a row that
     * overflows becomes wide.
     */
    private static ColumnValues decimalsInLongs(Operator operator, ColumnValues left, ColumnValues right,
            ColumnValues result) {
        long[] a = left.longs;
        long[] b = right.longs;
        long[] out = new long[result.count];
        switch (operator) {
            case ADD:
                for (int i = 0; i < out.length; i++) {
                    long value = a[i] + b[i];
                    out[i] = value;
                    if (((a[i] ^ value) & (b[i] ^ value)) < 0) {
                        result.setWide(i, wide(operator, left.decimal(i), right.decimal(i)));
                        out[i] = 0;
                    }
                }
                break;
            case SUBTRACT:
                for (int i = 0; i < out.length; i++) {
                    long value = a[i] - b[i];
                    out[i] = value;
                    if (((a[i] ^ b[i]) & (a[i] ^ value)) < 0) {
                        result.setWide(i, wide(operator, left.decimal(i), right.decimal(i)));
                        out[i] = 0;
                    }
                }
                break;
            default:
                for (int i = 0; i < out.length; i++) {
                    long value = a[i] * b[i];
                    out[i] = value;
                    if (Math.multiplyHigh(a[i], b[i]) != (value >> 63)) {
                        result.setWide(i, wide(operator, left.decimal(i), right.decimal(i)));
                        out[i] = 0;
                    }
                }
                break;
        }
        result.longs = out;
        return result;
    }

    private static BigDecimal wide(Operator operator, BigDecimal x, BigDecimal y) {
        return operator == Operator.ADD ? x.add(y) : operator == Operator.SUBTRACT ? x.subtract(y) : x.multiply(y);
    }
}
