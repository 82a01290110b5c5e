package io.sqe.worker.filter;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.iceberg.expressions.Expression.Operation;

/**
 * A predicate on a UTF-8 column against literal bytes, read in place: comparisons (by unsigned bytes, which is the
 * code point order Iceberg compares strings in), IN and NOT IN, STARTS_WITH and NOT_STARTS_WITH. No String is made.
 */
final class StringPredicate implements FilterNode {
    private final ColumnAccess column;
    private final Operation op;
    private final byte[][] literals;

    StringPredicate(ColumnAccess column, Operation op, byte[][] literals) {
        this.column = requireNonNull(column, "column is null");
        this.op = requireNonNull(op, "op is null");
        this.literals = literals.clone();
        if (!(column.vector instanceof BaseVariableWidthVector)) {
            throw new IllegalArgumentException("column " + column.vector.getName() + " is not variable-width");
        }
    }

    @Override
    public int filter(int offset, int[] rows, int count) {
        if (count == 0) {
            return 0;
        }
        BaseVariableWidthVector vector = (BaseVariableWidthVector) column.vector;
        int base = column.base(offset);
        long offsets = ColumnAccess.checkedAddress(vector.getOffsetBuffer(),
                (base + rows[count - 1] + 2L) * BaseVariableWidthVector.OFFSET_WIDTH);
        long offsetsEnd = offsets + (base + rows[count - 1] + 1L) * BaseVariableWidthVector.OFFSET_WIDTH;
        long data = ColumnAccess.checkedAddress(vector.getDataBuffer(), MemoryUtil.getInt(offsetsEnd));
        int kept;
        switch (op) {
            case IN:
            case NOT_IN:
                kept = set(offsets + (long) base * 4, data, rows, count, op == Operation.IN);
                break;
            case STARTS_WITH:
            case NOT_STARTS_WITH:
                kept = prefix(offsets + (long) base * 4, data, rows, count, op == Operation.STARTS_WITH);
                break;
            case EQ:
            case NOT_EQ:
                kept = equal(offsets + (long) base * 4, data, rows, count, op == Operation.EQ);
                break;
            default:
                kept = compare(offsets + (long) base * 4, data, rows, count);
        }
        return column.dropNulls(offset, rows, kept);
    }

    private int equal(long offsets, long data, int[] rows, int count, boolean wanted) {
        byte[] literal = literals[0];
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            int start = MemoryUtil.getInt(offsets + 4L * row);
            int length = MemoryUtil.getInt(offsets + 4L * row + 4) - start;
            boolean equal = length == literal.length && equalBytes(data + start, literal, length);
            rows[kept] = row;
            kept += equal == wanted ? 1 : 0;
        }
        return kept;
    }

    private int set(long offsets, long data, int[] rows, int count, boolean wanted) {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            int start = MemoryUtil.getInt(offsets + 4L * row);
            int length = MemoryUtil.getInt(offsets + 4L * row + 4) - start;
            boolean found = false;
            for (byte[] literal : literals) {
                if (length == literal.length && equalBytes(data + start, literal, length)) {
                    found = true;
                    break;
                }
            }
            rows[kept] = row;
            kept += found == wanted ? 1 : 0;
        }
        return kept;
    }

    private int prefix(long offsets, long data, int[] rows, int count, boolean wanted) {
        byte[] literal = literals[0];
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            int start = MemoryUtil.getInt(offsets + 4L * row);
            int length = MemoryUtil.getInt(offsets + 4L * row + 4) - start;
            boolean starts = length >= literal.length && equalBytes(data + start, literal, literal.length);
            rows[kept] = row;
            kept += starts == wanted ? 1 : 0;
        }
        return kept;
    }

    private int compare(long offsets, long data, int[] rows, int count) {
        byte[] literal = literals[0];
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            int start = MemoryUtil.getInt(offsets + 4L * row);
            int length = MemoryUtil.getInt(offsets + 4L * row + 4) - start;
            rows[kept] = row;
            kept += FilterExpressions.outcome(op, compareBytes(data + start, length, literal)) ? 1 : 0;
        }
        return kept;
    }

    /** The predicate on one non-null value held in a byte array (a dictionary entry). */
    boolean test(byte[] source, int start, int length) {
        switch (op) {
            case IN:
            case NOT_IN:
                boolean found = false;
                for (byte[] literal : literals) {
                    found |= Arrays.equals(source, start, start + length, literal, 0, literal.length);
                }
                return found == (op == Operation.IN);
            case STARTS_WITH:
            case NOT_STARTS_WITH:
                byte[] prefix = literals[0];
                boolean starts = length >= prefix.length
                        && Arrays.equals(source, start, start + prefix.length, prefix, 0, prefix.length);
                return starts == (op == Operation.STARTS_WITH);
            default:
                byte[] literal = literals[0];
                return FilterExpressions.outcome(op,
                        Arrays.compareUnsigned(source, start, start + length, literal, 0, literal.length));
        }
    }

    /** Whether the {@code length} bytes at {@code address} are the first {@code length} bytes of {@code literal}. */
    static boolean equalBytes(long address, byte[] literal, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            if (MemoryUtil.getLong(address + i) != MemoryUtil.getLong(literal, i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (MemoryUtil.getByte(address + i) != literal[i]) {
                return false;
            }
        }
        return true;
    }

    /** The order of the bytes at {@code address} against {@code literal}, bytes unsigned, then shorter first. */
    static int compareBytes(long address, int length, byte[] literal) {
        int common = Math.min(length, literal.length);
        for (int i = 0; i < common; i++) {
            int difference = (MemoryUtil.getByte(address + i) & 0xFF) - (literal[i] & 0xFF);
            if (difference != 0) {
                return difference;
            }
        }
        return Integer.compare(length, literal.length);
    }
}
