package io.sqe.worker.filter;

import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;

/**
 * How a fixed-width Arrow column maps to {@code long} keys whose signed order is the column's order: integers,
 * dates, times and timestamps as they are; decimals of up to 18 digits as their unscaled value (the low word of the
 * 128-bit value, the high word being its sign); floating point through its bits, flipped so that negative numbers
 * order below positive ones, with {@code -0.0} made {@code 0.0} and every NaN the one canonical NaN, above all.
 */
enum KeyKind {
    INT32(4),
    INT64(8),
    DECIMAL64(16),
    FLOAT(4),
    DOUBLE(8),
    BOOLEAN(0);

    private final int width;

    KeyKind(int width) {
        this.width = width;
    }

    /** The key of a double value. */
    static long doubleKey(double value) {
        long bits = Double.doubleToLongBits(value + 0.0);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** The key of a float value. */
    static long floatKey(float value) {
        int bits = Float.floatToIntBits(value + 0.0f);
        return bits ^ ((bits >> 31) & Integer.MAX_VALUE);
    }

    /** Writes the key of each run row {@code rows[i]} to {@code keys[i]}. */
    void gather(ColumnAccess column, int offset, int[] rows, int count, long[] keys) {
        int base = column.base(offset);
        int end = base + rows[count - 1] + 1;
        boolean dense = rows[count - 1] == count - 1;
        if (this == BOOLEAN) {
            long address = ColumnAccess.checkedAddress(column.vector.getDataBuffer(), (end + 7L) >>> 3);
            for (int i = 0; i < count; i++) {
                int index = base + rows[i];
                keys[i] = (MemoryUtil.getByte(address + (index >>> 3)) >>> (index & 7)) & 1;
            }
            return;
        }
        long address = ColumnAccess.checkedAddress(((BaseFixedWidthVector) column.vector).getDataBuffer(),
                (long) end * width);
        long start = address + (long) base * width;
        switch (this) {
            case INT32:
                if (dense) {
                    for (int i = 0; i < count; i++) {
                        keys[i] = MemoryUtil.getInt(start + 4L * i);
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        keys[i] = MemoryUtil.getInt(start + 4L * rows[i]);
                    }
                }
                return;
            case INT64:
                if (dense) {
                    for (int i = 0; i < count; i++) {
                        keys[i] = MemoryUtil.getLong(start + 8L * i);
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        keys[i] = MemoryUtil.getLong(start + 8L * rows[i]);
                    }
                }
                return;
            case DECIMAL64:
                if (dense) {
                    for (int i = 0; i < count; i++) {
                        keys[i] = MemoryUtil.getLong(start + 16L * i);
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        keys[i] = MemoryUtil.getLong(start + 16L * rows[i]);
                    }
                }
                return;
            case FLOAT:
                for (int i = 0; i < count; i++) {
                    keys[i] = floatKey(Float.intBitsToFloat(MemoryUtil.getInt(start + 4L * rows[i])));
                }
                return;
            case DOUBLE:
                for (int i = 0; i < count; i++) {
                    keys[i] = doubleKey(Double.longBitsToDouble(MemoryUtil.getLong(start + 8L * rows[i])));
                }
                return;
            case BOOLEAN:
                break;
        }
        throw new IllegalStateException("unknown key kind " + this);
    }
}
