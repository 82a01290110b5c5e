package io.sqe.coordinator.exec;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;

/**
 * The values of one column of a {@link Batch}, in primitive arrays sized to the batch. What the arrays hold depends on
 * the column's {@link ValueKind}:
 * <ul>
 * <li>BOOLEAN: {@code longs}, 0 or 1;</li>
 * <li>LONG, DATE and TIMESTAMP: {@code longs} (integers of any width; dates as days since the epoch; timestamps
 * as microseconds since the epoch, without a time zone);</li>
 * <li>DOUBLE: {@code doubles};</li>
 * <li>DECIMAL: {@code longs}, the unscaled values at the column type's scale, or, when some value does not fit in
 * 64 bits, {@code decimals} (every row, at that scale);</li>
 * <li>STRING: UTF-8 {@code bytes}, value {@code i} being {@code bytes[offsets[i]..offsets[i + 1])}.</li>
 * </ul>
 * {@code nulls} is null when no row is null. A column is never changed once built, so batches may share it.
 */
final class Column {
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    final ValueKind kind;
    final int size;
    final boolean[] nulls;
    final long[] longs;
    final double[] doubles;
    final BigDecimal[] decimals;
    final byte[] bytes;
    final int[] offsets;

    private Column(ValueKind kind, int size, boolean[] nulls, long[] longs, double[] doubles, BigDecimal[] decimals,
            byte[] bytes, int[] offsets) {
        this.kind = requireNonNull(kind, "kind is null");
        this.size = size;
        this.nulls = nulls;
        this.longs = longs;
        this.doubles = doubles;
        this.decimals = decimals;
        this.bytes = bytes;
        this.offsets = offsets;
    }

    static Column ofLongs(ValueKind kind, long[] values, boolean[] nulls, int size) {
        if (kind == ValueKind.DOUBLE || kind == ValueKind.STRING) {
            throw new IllegalArgumentException(kind + " is not held as longs");
        }
        return new Column(kind, size, noNullsAsNull(nulls, size), values, null, null, null, null);
    }

    static Column ofDoubles(double[] values, boolean[] nulls, int size) {
        return new Column(ValueKind.DOUBLE, size, noNullsAsNull(nulls, size), null, values, null, null, null);
    }

    /** Decimals that need more than 64 bits; every value has the column type's scale. */
    static Column ofDecimals(BigDecimal[] values, boolean[] nulls, int size) {
        return new Column(ValueKind.DECIMAL, size, noNullsAsNull(nulls, size), null, null, values, null, null);
    }

    static Column ofStrings(byte[] bytes, int[] offsets, boolean[] nulls, int size) {
        return new Column(ValueKind.STRING, size, noNullsAsNull(nulls, size), null, null, null, bytes, offsets);
    }

    /** A column of {@code size} nulls. */
    static Column allNull(ValueKind kind, int size) {
        boolean[] nulls = new boolean[size];
        Arrays.fill(nulls, true);
        switch (kind) {
            case DOUBLE:
                return new Column(kind, size, nulls, null, new double[size], null, null, null);
            case STRING:
                return new Column(kind, size, nulls, null, null, null, new byte[0], new int[size + 1]);
            case BOOLEAN:
            case LONG:
            case DATE:
            case TIMESTAMP:
            case DECIMAL:
                return new Column(kind, size, nulls, new long[size], null, null, null, null);
        }
        throw new IllegalStateException("unknown kind " + kind);
    }

    private static boolean[] noNullsAsNull(boolean[] nulls, int size) {
        if (nulls == null) {
            return null;
        }
        for (int i = 0; i < size; i++) {
            if (nulls[i]) {
                return nulls;
            }
        }
        return null;
    }

    boolean isNull(int row) {
        return nulls != null && nulls[row];
    }

    boolean mayHaveNulls() {
        return nulls != null;
    }

    /** Whether this decimal column holds {@link BigDecimal}s rather than unscaled longs. */
    boolean isWide() {
        return decimals != null;
    }

    int stringLength(int row) {
        return offsets[row + 1] - offsets[row];
    }

    /** A decimal value at {@code scale}; only for DECIMAL columns. */
    BigDecimal decimal(int row, int scale) {
        return decimals != null ? decimals[row] : BigDecimal.valueOf(longs[row], scale);
    }

    /** This decimal column with every value as a {@link BigDecimal} at {@code scale}. */
    Column widened(int scale) {
        if (decimals != null) {
            return this;
        }
        BigDecimal[] values = new BigDecimal[size];
        for (int i = 0; i < size; i++) {
            values[i] = isNull(i) ? null : BigDecimal.valueOf(longs[i], scale);
        }
        return new Column(ValueKind.DECIMAL, size, nulls, null, null, values, null, null);
    }

    /**
     * A decimal column of {@code values} at their (common) scale, as unscaled longs when every value fits, so the
     * fast kernels apply again after a wide intermediate.
     */
    static Column decimalsNarrowedIfPossible(BigDecimal[] values, boolean[] nulls, int size) {
        long[] longs = new long[size];
        for (int i = 0; i < size; i++) {
            if (nulls != null && nulls[i]) {
                continue;
            }
            java.math.BigInteger unscaled = values[i].unscaledValue();
            if (unscaled.bitLength() > 63) {
                return ofDecimals(values, nulls, size);
            }
            longs[i] = unscaled.longValue();
        }
        return ofLongs(ValueKind.DECIMAL, longs, nulls, size);
    }

    /** The rows {@code rows[0..count)} of this column, in that order; a row of -1 gives a null. */
    Column gather(int[] rows, int count) {
        boolean[] newNulls = null;
        if (nulls != null) {
            newNulls = new boolean[count];
            for (int i = 0; i < count; i++) {
                newNulls[i] = rows[i] < 0 || nulls[rows[i]];
            }
        } else {
            for (int i = 0; i < count; i++) {
                if (rows[i] < 0) {
                    newNulls = new boolean[count];
                    for (int j = i; j < count; j++) {
                        newNulls[j] = rows[j] < 0;
                    }
                    break;
                }
            }
        }
        switch (kind) {
            case DOUBLE: {
                double[] values = new double[count];
                for (int i = 0; i < count; i++) {
                    int row = rows[i];
                    values[i] = row < 0 ? 0 : doubles[row];
                }
                return new Column(kind, count, newNulls, null, values, null, null, null);
            }
            case STRING: {
                int[] newOffsets = new int[count + 1];
                int length = 0;
                for (int i = 0; i < count; i++) {
                    int row = rows[i];
                    length += row < 0 ? 0 : offsets[row + 1] - offsets[row];
                    newOffsets[i + 1] = length;
                }
                byte[] newBytes = new byte[length];
                for (int i = 0; i < count; i++) {
                    int row = rows[i];
                    if (row >= 0) {
                        System.arraycopy(bytes, offsets[row], newBytes, newOffsets[i], offsets[row + 1] - offsets[row]);
                    }
                }
                return new Column(kind, count, newNulls, null, null, null, newBytes, newOffsets);
            }
            case BOOLEAN:
            case LONG:
            case DATE:
            case TIMESTAMP:
            case DECIMAL:
                if (decimals != null) {
                    BigDecimal[] values = new BigDecimal[count];
                    for (int i = 0; i < count; i++) {
                        values[i] = rows[i] < 0 ? null : decimals[rows[i]];
                    }
                    return new Column(kind, count, newNulls, null, null, values, null, null);
                }
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    int row = rows[i];
                    values[i] = row < 0 ? 0 : longs[row];
                }
                return new Column(kind, count, newNulls, values, null, null, null, null);
        }
        throw new IllegalStateException("unknown kind " + kind);
    }

    /** The columns one after the other; decimal columns at one {@code scale}. */
    static Column concat(ValueKind kind, List<Column> parts, int scale) {
        int size = 0;
        boolean anyNulls = false;
        boolean anyWide = false;
        int byteCount = 0;
        for (Column part : parts) {
            size += part.size;
            anyNulls |= part.nulls != null;
            anyWide |= part.decimals != null;
            if (kind == ValueKind.STRING) {
                byteCount += part.offsets[part.size] - part.offsets[0];
            }
        }
        boolean[] nulls = anyNulls ? new boolean[size] : null;
        int position = 0;
        for (Column part : parts) {
            if (part.nulls != null) {
                System.arraycopy(part.nulls, 0, nulls, position, part.size);
            }
            position += part.size;
        }
        switch (kind) {
            case DOUBLE: {
                double[] values = new double[size];
                position = 0;
                for (Column part : parts) {
                    System.arraycopy(part.doubles, 0, values, position, part.size);
                    position += part.size;
                }
                return new Column(kind, size, nulls, null, values, null, null, null);
            }
            case STRING: {
                byte[] bytes = new byte[byteCount];
                int[] offsets = new int[size + 1];
                position = 0;
                int bytePosition = 0;
                for (Column part : parts) {
                    int base = part.offsets[0];
                    int length = part.offsets[part.size] - base;
                    System.arraycopy(part.bytes, base, bytes, bytePosition, length);
                    for (int i = 0; i < part.size; i++) {
                        offsets[position + i + 1] = part.offsets[i + 1] - base + bytePosition;
                    }
                    position += part.size;
                    bytePosition += length;
                }
                return new Column(kind, size, nulls, null, null, null, bytes, offsets);
            }
            case BOOLEAN:
            case LONG:
            case DATE:
            case TIMESTAMP:
            case DECIMAL:
                if (anyWide) {
                    BigDecimal[] values = new BigDecimal[size];
                    position = 0;
                    for (Column part : parts) {
                        for (int i = 0; i < part.size; i++) {
                            values[position + i] = part.isNull(i) ? null : part.decimal(i, scale);
                        }
                        position += part.size;
                    }
                    return new Column(kind, size, nulls, null, null, values, null, null);
                }
                long[] values = new long[size];
                position = 0;
                for (Column part : parts) {
                    System.arraycopy(part.longs, 0, values, position, part.size);
                    position += part.size;
                }
                return new Column(kind, size, nulls, values, null, null, null, null);
        }
        throw new IllegalStateException("unknown kind " + kind);
    }

    /** Bytes this column holds on the heap, roughly, for the memory limit. */
    long retainedBytes() {
        long total = 16L + (nulls != null ? size : 0);
        if (longs != null) {
            total += 8L * longs.length;
        }
        if (doubles != null) {
            total += 8L * doubles.length;
        }
        if (decimals != null) {
            total += 48L * decimals.length;
        }
        if (bytes != null) {
            total += bytes.length + 4L * offsets.length;
        }
        return total;
    }

    static long powerOfTen(int exponent) {
        return POWERS_OF_TEN[exponent];
    }

    static boolean fitsPowerOfTen(int exponent) {
        return exponent >= 0 && exponent < POWERS_OF_TEN.length;
    }

    /** {@code value} rounded half up from {@code fromScale} to the lower {@code toScale}. */
    static long downscale(long value, int fromScale, int toScale) {
        long divisor = POWERS_OF_TEN[fromScale - toScale];
        long quotient = value / divisor;
        long remainder = value % divisor;
        if (Math.abs(remainder) * 2 >= divisor) {
            quotient += value < 0 ? -1 : 1;
        }
        return quotient;
    }

    static BigDecimal rescale(BigDecimal value, int scale) {
        return value.setScale(scale, RoundingMode.HALF_UP);
    }
}
