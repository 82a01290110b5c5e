package io.sqe.coordinator.exec;

import java.util.Arrays;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;

/**
 * {@code = <> < <= > >=} over whole columns, giving BOOLEAN columns: null where an operand is null. Numbers are
 * compared at a common type (decimals at a common scale), strings by their UTF-8 bytes, which orders them by code
 * point.
 */
final class Comparisons {
    private Comparisons() {}

    static Column apply(SqlKind operator, Column left, RelDataType leftType, Column right, RelDataType rightType) {
        int size = left.size;
        int[] order = new int[size];
        ValueKind leftKind = left.kind;
        ValueKind rightKind = right.kind;
        if (leftKind == ValueKind.STRING && rightKind == ValueKind.STRING) {
            compareStrings(left, right, order);
        } else if (leftKind == ValueKind.DOUBLE || rightKind == ValueKind.DOUBLE) {
            double[] a = Casts.toDouble(left, Arithmetic.scaleOf(leftType)).doubles;
            double[] b = Casts.toDouble(right, Arithmetic.scaleOf(rightType)).doubles;
            for (int i = 0; i < size; i++) {
                order[i] = Double.compare(a[i], b[i]);
            }
        } else if (leftKind == ValueKind.DECIMAL || rightKind == ValueKind.DECIMAL) {
            int leftScale = Arithmetic.scaleOf(leftType);
            int rightScale = Arithmetic.scaleOf(rightType);
            int scale = Math.max(leftScale, rightScale);
            Column a = Casts.toDecimal(left, leftScale, scale);
            Column b = Casts.toDecimal(right, rightScale, scale);
            if (a.isWide() || b.isWide()) {
                for (int i = 0; i < size; i++) {
                    if (!a.isNull(i) && !b.isNull(i)) {
                        order[i] = a.decimal(i, scale).compareTo(b.decimal(i, scale));
                    }
                }
            } else {
                compareLongs(a.longs, b.longs, order);
            }
        } else if (leftKind == rightKind || isInteger(leftKind) && isInteger(rightKind)) {
            compareLongs(left.longs, right.longs, order);
        } else {
            throw new Unsupported("comparison of " + leftType + " with " + rightType);
        }
        return Column.ofLongs(ValueKind.BOOLEAN, results(operator, order), Logic.unionNulls(left, right), size);
    }

    /**
     * {@code left operator constant} for a string column and a string literal, without making the literal a column:
     * equality compares lengths before bytes.
     */
    static Column compareWithString(SqlKind operator, Column left, byte[] constant) {
        int size = left.size;
        byte[] bytes = left.bytes;
        int[] offsets = left.offsets;
        if (operator == SqlKind.EQUALS || operator == SqlKind.NOT_EQUALS) {
            long equal = operator == SqlKind.EQUALS ? 1 : 0;
            long[] result = new long[size];
            for (int i = 0; i < size; i++) {
                int start = offsets[i];
                int end = offsets[i + 1];
                result[i] = end - start == constant.length
                        && Arrays.equals(bytes, start, end, constant, 0, constant.length) ? equal : 1 - equal;
            }
            return Column.ofLongs(ValueKind.BOOLEAN, result, left.nulls, size);
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = Arrays.compareUnsigned(bytes, offsets[i], offsets[i + 1], constant, 0, constant.length);
        }
        return Column.ofLongs(ValueKind.BOOLEAN, results(operator, order), left.nulls, size);
    }

    /** 1 where {@code order} (negative, 0 or positive, as from a compare) satisfies {@code operator}, else 0. */
    private static long[] results(SqlKind operator, int[] order) {
        int size = order.length;
        long[] result = new long[size];
        switch (operator) {
            case EQUALS:
                for (int i = 0; i < size; i++) {
                    result[i] = order[i] == 0 ? 1 : 0;
                }
                break;
            case NOT_EQUALS:
                for (int i = 0; i < size; i++) {
                    result[i] = order[i] != 0 ? 1 : 0;
                }
                break;
            case LESS_THAN:
                for (int i = 0; i < size; i++) {
                    result[i] = order[i] < 0 ? 1 : 0;
                }
                break;
            case LESS_THAN_OR_EQUAL:
                for (int i = 0; i < size; i++) {
                    result[i] = order[i] <= 0 ? 1 : 0;
                }
                break;
            case GREATER_THAN:
                for (int i = 0; i < size; i++) {
                    result[i] = order[i] > 0 ? 1 : 0;
                }
                break;
            case GREATER_THAN_OR_EQUAL:
                for (int i = 0; i < size; i++) {
                    result[i] = order[i] >= 0 ? 1 : 0;
                }
                break;
            default:
                throw new Unsupported("comparison " + operator);
        }
        return result;
    }

    private static boolean isInteger(ValueKind kind) {
        return kind == ValueKind.LONG || kind == ValueKind.BOOLEAN;
    }

    private static void compareLongs(long[] a, long[] b, int[] order) {
        for (int i = 0; i < order.length; i++) {
            order[i] = Long.compare(a[i], b[i]);
        }
    }

    private static void compareStrings(Column left, Column right, int[] order) {
        byte[] a = left.bytes;
        byte[] b = right.bytes;
        for (int i = 0; i < order.length; i++) {
            order[i] = Arrays.compareUnsigned(a, left.offsets[i], left.offsets[i + 1], b, right.offsets[i],
                    right.offsets[i + 1]);
        }
    }

    /** Orders two values of one column kind at one scale, nulls aside; for sorting and MIN/MAX. */
    static int compareRows(Column left, int leftRow, Column right, int rightRow, int scale) {
        switch (left.kind) {
            case DOUBLE:
                return Double.compare(left.doubles[leftRow], right.doubles[rightRow]);
            case STRING:
                return Arrays.compareUnsigned(left.bytes, left.offsets[leftRow], left.offsets[leftRow + 1],
                        right.bytes, right.offsets[rightRow], right.offsets[rightRow + 1]);
            case DECIMAL:
                if (left.isWide() || right.isWide()) {
                    return left.decimal(leftRow, scale).compareTo(right.decimal(rightRow, scale));
                }
                return Long.compare(left.longs[leftRow], right.longs[rightRow]);
            case BOOLEAN:
            case LONG:
            case DATE:
            case TIMESTAMP:
                return Long.compare(left.longs[leftRow], right.longs[rightRow]);
        }
        throw new IllegalStateException("unknown kind " + left.kind);
    }
}
