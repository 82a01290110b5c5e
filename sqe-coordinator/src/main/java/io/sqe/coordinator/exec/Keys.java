package io.sqe.coordinator.exec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Hashing and equality of multi-column keys, for joins and aggregations. A decimal hashes by its unscaled value
 * whether it is held as a long or as a {@link BigDecimal}, so the two representations of one value meet.
 */
final class Keys {
    private Keys() {}

    /** The hash of each row's key. */
    static long[] hash(Column[] keys, int size) {
        long[] hashes = new long[size];
        for (Column key : keys) {
            for (int i = 0; i < size; i++) {
                hashes[i] = hashes[i] * 0x9E3779B97F4A7C15L + hash(key, i);
            }
        }
        for (int i = 0; i < size; i++) {
            hashes[i] = mix(hashes[i]);
        }
        return hashes;
    }

    private static long mix(long hash) {
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return hash;
    }

    private static long hash(Column column, int row) {
        if (column.isNull(row)) {
            return 0x5bd1e995L;
        }
        switch (column.kind) {
            case DOUBLE: {
                double value = column.doubles[row];
                return Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
            }
            case STRING: {
                long hash = 1;
                byte[] bytes = column.bytes;
                for (int i = column.offsets[row]; i < column.offsets[row + 1]; i++) {
                    hash = 31 * hash + bytes[i];
                }
                return hash;
            }
            case DECIMAL:
                if (column.isWide()) {
                    BigInteger unscaled = column.decimals[row].unscaledValue();
                    return unscaled.bitLength() <= 63 ? unscaled.longValue() : unscaled.hashCode();
                }
                return column.longs[row];
            case BOOLEAN:
            case LONG:
            case DATE:
            case TIMESTAMP:
                return column.longs[row];
        }
        throw new IllegalStateException("unknown kind " + column.kind);
    }

    /** Whether any key column is null at {@code row}: such a key matches nothing in an equi-join. */
    static boolean anyNull(Column[] keys, int row) {
        for (Column key : keys) {
            if (key.isNull(row)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the keys are equal, a null being equal to a null (as GROUP BY treats them). */
    static boolean equal(Column[] left, int leftRow, Column[] right, int rightRow) {
        for (int k = 0; k < left.length; k++) {
            Column a = left[k];
            Column b = right[k];
            boolean aNull = a.isNull(leftRow);
            boolean bNull = b.isNull(rightRow);
            if (aNull || bNull) {
                if (aNull != bNull) {
                    return false;
                }
                continue;
            }
            if (!equalValues(a, leftRow, b, rightRow)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalValues(Column a, int leftRow, Column b, int rightRow) {
        switch (a.kind) {
            case DOUBLE:
                return a.doubles[leftRow] == b.doubles[rightRow]
                        || Double.isNaN(a.doubles[leftRow]) && Double.isNaN(b.doubles[rightRow]);
            case STRING:
                return Arrays.equals(a.bytes, a.offsets[leftRow], a.offsets[leftRow + 1], b.bytes, b.offsets[rightRow],
                        b.offsets[rightRow + 1]);
            case DECIMAL:
                if (a.isWide() || b.isWide()) {
                    return unscaled(a, leftRow).equals(unscaled(b, rightRow));
                }
                return a.longs[leftRow] == b.longs[rightRow];
            case BOOLEAN:
            case LONG:
            case DATE:
            case TIMESTAMP:
                return a.longs[leftRow] == b.longs[rightRow];
        }
        throw new IllegalStateException("unknown kind " + a.kind);
    }

    private static BigInteger unscaled(Column column, int row) {
        return column.isWide() ? column.decimals[row].unscaledValue() : BigInteger.valueOf(column.longs[row]);
    }
}
