package io.sqe.worker.filter;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * One column of the decoded run, as a kernel reads it: the vector, where the run starts in it (the run's output
 * offset for an output vector, 0 for a scratch vector), and whether it may hold nulls. Kernels read buffers by
 * address after one bounds check per run ({@link #checkedAddress}), so the per-row loops carry no checks.
 */
final class ColumnAccess {
    final FieldVector vector;
    private final boolean atOffset;
    private final boolean nullable;

    ColumnAccess(FieldVector vector, boolean atOffset, boolean nullable) {
        this.vector = requireNonNull(vector, "vector is null");
        this.atOffset = atOffset;
        this.nullable = nullable;
    }

    /** The vector row of the run's row 0. */
    int base(int offset) {
        return atOffset ? offset : 0;
    }

    /** The address of {@code buffer}, after checking it holds {@code bytes} bytes. */
    static long checkedAddress(ArrowBuf buffer, long bytes) {
        if (bytes > buffer.capacity()) {
            throw new IllegalStateException("A filter reads " + bytes + " bytes of a buffer of " + buffer.capacity());
        }
        return buffer.memoryAddress();
    }

    /**
     * Removes the rows whose value is null from {@code rows[0..count)} (ascending run rows) and returns how many
     * remain; a no-op when the column is required or the validity bytes over those rows are all set.
     */
    int dropNulls(int offset, int[] rows, int count) {
        if (!nullable || count == 0) {
            return count;
        }
        int base = base(offset);
        int first = base + rows[0];
        int last = base + rows[count - 1];
        long validity = checkedAddress(vector.getValidityBuffer(), (last >>> 3) + 1L);
        if (allSet(validity, first, last)) {
            return count;
        }
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            int index = base + row;
            rows[kept] = row;
            kept += (MemoryUtil.getByte(validity + (index >>> 3)) >>> (index & 7)) & 1;
        }
        return kept;
    }

    /** Whether the validity bits {@code [first, last]} are all set, a word at a time. */
    private static boolean allSet(long validity, int first, int last) {
        int bit = first;
        while (bit <= last && (bit & 7) != 0) {
            if (((MemoryUtil.getByte(validity + (bit >>> 3)) >>> (bit & 7)) & 1) == 0) {
                return false;
            }
            bit++;
        }
        while (bit + 63 <= last) {
            if (MemoryUtil.getLong(validity + (bit >>> 3)) != -1L) {
                return false;
            }
            bit += 64;
        }
        while (bit <= last) {
            if (((MemoryUtil.getByte(validity + (bit >>> 3)) >>> (bit & 7)) & 1) == 0) {
                return false;
            }
            bit++;
        }
        return true;
    }

    /** Whether the value at run row {@code row} is non-null. */
    boolean isSet(int offset, int row) {
        return !vector.isNull(base(offset) + row);
    }
}
