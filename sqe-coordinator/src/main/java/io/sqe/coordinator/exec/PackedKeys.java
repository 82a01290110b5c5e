package io.sqe.coordinator.exec;

import java.math.BigInteger;

/**
 * Equi-join keys as one long per row, for a {@link LongKeyIndex}. A key of one column held as longs is that column;
 * a key of two such columns is packed, the first in the high 32 bits, when every build value of both fits in an
 * int. A probe value that cannot be packed the same way (outside the int range, or a decimal wider than a long)
 * equals no build key, so it is marked null: it matches nothing, as a null key does.
 */
final class PackedKeys {
    final long[] values;
    /** Null when no row is null. */
    final boolean[] nulls;

    private PackedKeys(long[] values, boolean[] nulls) {
        this.values = values;
        this.nulls = nulls;
    }

    /** The build side's keys as longs, or null when they are not one or two columns of longs that pack. */
    static PackedKeys ofBuild(Column[] keys, int size) {
        if (keys.length == 1 && keys[0].longs != null) {
            return new PackedKeys(keys[0].longs, keys[0].nulls);
        }
        if (keys.length != 2 || keys[0].longs == null || keys[1].longs == null
                || !fitInts(keys[0], size) || !fitInts(keys[1], size)) {
            return null;
        }
        return pack(keys[0].longs, keys[0].nulls, keys[1].longs, keys[1].nulls, size);
    }

    /** The probe side's keys, packed as {@link #ofBuild} packed the build side's. */
    static PackedKeys ofProbe(Column[] keys, int size) {
        PackedKeys first = asLongs(keys[0], size);
        if (keys.length == 1) {
            return first;
        }
        PackedKeys second = asLongs(keys[1], size);
        return pack(first.values, first.nulls, second.values, second.nulls, size);
    }

    private static boolean fitInts(Column column, int size) {
        for (int row = 0; row < size; row++) {
            long value = column.longs[row];
            if (value != (int) value && !column.isNull(row)) {
                return false;
            }
        }
        return true;
    }

    private static PackedKeys asLongs(Column column, int size) {
        if (column.longs != null) {
            return new PackedKeys(column.longs, column.nulls);
        }
        long[] values = new long[size];
        boolean[] nulls = new boolean[size];
        for (int row = 0; row < size; row++) {
            BigInteger unscaled = column.isNull(row) ? null : column.decimals[row].unscaledValue();
            if (unscaled == null || unscaled.bitLength() > 63) {
                nulls[row] = true;
            } else {
                values[row] = unscaled.longValue();
            }
        }
        return new PackedKeys(values, nulls);
    }

    private static PackedKeys pack(long[] high, boolean[] highNulls, long[] low, boolean[] lowNulls, int size) {
        long[] values = new long[size];
        boolean[] nulls = null;
        for (int row = 0; row < size; row++) {
            long a = high[row];
            long b = low[row];
            boolean isNull = highNulls != null && highNulls[row] || lowNulls != null && lowNulls[row]
                    || a != (int) a || b != (int) b;
            if (isNull) {
                if (nulls == null) {
                    nulls = new boolean[size];
                }
                nulls[row] = true;
            } else {
                values[row] = a << 32 | (b & 0xFFFF_FFFFL);
            }
        }
        return new PackedKeys(values, nulls);
    }
}
