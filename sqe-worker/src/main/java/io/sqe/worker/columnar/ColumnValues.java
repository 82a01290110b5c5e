package io.sqe.worker.columnar;

import static java.util.Objects.requireNonNull;

import io.sqe.planner.aggregation.ScanType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VarCharVector;

/**
 * The values of one expression over the selected rows of a batch: position {@code i} belongs to the {@code i}-th
 * selected row. Booleans, integers, longs, dates and decimals live in {@link #longs} (decimals unscaled at the type's
 * scale; a decimal that does not fit a long is in {@link #wide} instead), doubles in {@link #doubles}. Strings are
 * read in place from a vector, or are one constant. The arrays are never written once the values are computed, so
 * values may share them; they may be longer than {@link #count}, and only positions below it count.
 */
final class ColumnValues {
    final ScanType type;
    final int count;
    long[] longs;
    double[] doubles;
    /** Decimals too wide for a long, by position; null when there are none. */
    BigDecimal[] wide;
    /** Null flags by position; null when no value is null. */
    boolean[] nulls;
    /** For strings read in place: the vector and the batch row of each position. */
    VarCharVector strings;
    int[] rows;
    /** For a constant string. */
    byte[] constant;

    ColumnValues(ScanType type, int count) {
        this.type = requireNonNull(type, "type is null");
        this.count = count;
    }

    /** The first {@code prefixCount} positions of these values, sharing their arrays. */
    ColumnValues prefix(int prefixCount) {
        if (prefixCount > count) {
            throw new IllegalArgumentException("a prefix of " + prefixCount + " of " + count + " values");
        }
        ColumnValues prefix = new ColumnValues(type, prefixCount);
        prefix.longs = longs;
        prefix.doubles = doubles;
        prefix.wide = wide;
        prefix.nulls = nulls;
        prefix.strings = strings;
        prefix.rows = rows;
        prefix.constant = constant;
        return prefix;
    }

    boolean isNull(int position) {
        return nulls != null && nulls[position];
    }

    void setNull(int position) {
        if (nulls == null) {
            nulls = new boolean[count];
        }
        nulls[position] = true;
    }

    boolean isWide(int position) {
        return wide != null && wide[position] != null;
    }

    void setWide(int position, BigDecimal value) {
        if (wide == null) {
            wide = new BigDecimal[count];
        }
        wide[position] = value;
    }

    /** The decimal at a position, for slow paths. */
    BigDecimal decimal(int position) {
        return isWide(position) ? wide[position] : BigDecimal.valueOf(longs[position], type.scale());
    }

    int stringLength(int position) {
        if (constant != null) {
            return constant.length;
        }
        int row = rows[position];
        return strings.getEndOffset(row) - strings.getStartOffset(row);
    }

    byte stringByte(int position, int offset) {
        if (constant != null) {
            return constant[offset];
        }
        ArrowBuf data = strings.getDataBuffer();
        return data.getByte((long) strings.getStartOffset(rows[position]) + offset);
    }

    byte[] stringBytes(int position) {
        byte[] bytes = new byte[stringLength(position)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = stringByte(position, i);
        }
        return bytes;
    }

    /** Compares strings by their UTF-8 bytes, which orders them by code point. */
    static int compareStrings(ColumnValues left, int leftPosition, ColumnValues right, int rightPosition) {
        int leftLength = left.stringLength(leftPosition);
        int rightLength = right.stringLength(rightPosition);
        int common = Math.min(leftLength, rightLength);
        for (int i = 0; i < common; i++) {
            int difference = (left.stringByte(leftPosition, i) & 0xff) - (right.stringByte(rightPosition, i) & 0xff);
            if (difference != 0) {
                return difference;
            }
        }
        return Integer.compare(leftLength, rightLength);
    }

    static ColumnValues constantString(String value, int count, ScanType type) {
        ColumnValues values = new ColumnValues(type, count);
        values.constant = value.getBytes(StandardCharsets.UTF_8);
        return values;
    }
}
