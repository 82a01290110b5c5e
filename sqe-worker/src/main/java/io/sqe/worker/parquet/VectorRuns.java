package io.sqe.worker.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * Writes runs of decoded values into Arrow vectors at a row offset, in bulk: one buffer copy per run where the
 * values are dense, a staging array where nulls sit between them. Also fills all-null runs and compacts a run to the
 * rows a filter kept. Vectors grow as needed; value counts are left to the caller's {@code setRowCount}, but
 * variable-width vectors get their last-set index kept current so that call keeps the offsets.
 */
final class VectorRuns {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] staging = new byte[0];
    private byte[] moved = new byte[0];

    /**
     * Writes {@code count} rows at {@code offset}: row {@code i} is null when {@code levels[i] == 0}; the non-null
     * rows take the dense values in order. {@code levels} is null when every row is non-null.
     */
    void write(FieldVector vector, ValueConversion conversion, int offset, int count, int[] levels,
            DenseValues values) {
        if (conversion == ValueConversion.BOOLEAN) {
            writeBooleans((BitVector) vector, offset, count, levels, values);
        } else if (conversion.isVariableWidth()) {
            writeVariable((BaseVariableWidthVector) vector, offset, count, levels, values);
        } else {
            writeFixed((BaseFixedWidthVector) vector, conversion.width(), offset, count, levels, values);
        }
    }

    private void writeFixed(BaseFixedWidthVector vector, int width, int offset, int count, int[] levels,
            DenseValues values) {
        ensureCapacity(vector, offset + count);
        ArrowBuf data = vector.getDataBuffer();
        if (levels == null) {
            data.setBytes((long) offset * width, values.fixedArray, values.fixedOffset, (long) count * width);
            setBits(vector.getValidityBuffer(), offset, count, true);
            return;
        }
        byte[] target = staging(count * width);
        byte[] source = values.fixedArray;
        int next = values.fixedOffset;
        ArrowBuf validity = vector.getValidityBuffer();
        for (int i = 0; i < count; i++) {
            int defined = levels[i];
            int at = i * width;
            if (defined != 0) {
                if (width == 8) {
                    LONGS.set(target, at, (long) LONGS.get(source, next));
                } else if (width == 4) {
                    INTS.set(target, at, (int) INTS.get(source, next));
                } else {
                    System.arraycopy(source, next, target, at, width);
                }
                next += width;
            } else {
                Arrays.fill(target, at, at + width, (byte) 0);
            }
            BitVectorHelper.setValidityBit(validity, offset + i, defined);
        }
        data.setBytes((long) offset * width, target, 0, (long) count * width);
    }

    private static void writeBooleans(BitVector vector, int offset, int count, int[] levels, DenseValues values) {
        ensureCapacity(vector, offset + count);
        ArrowBuf data = vector.getDataBuffer();
        ArrowBuf validity = vector.getValidityBuffer();
        byte[] source = values.fixedArray;
        int next = values.fixedOffset;
        for (int i = 0; i < count; i++) {
            int defined = levels == null ? 1 : levels[i];
            BitVectorHelper.setValidityBit(data, offset + i, defined != 0 ? source[next++] : 0);
            BitVectorHelper.setValidityBit(validity, offset + i, defined);
        }
    }

    private static void writeVariable(BaseVariableWidthVector vector, int offset, int count, int[] levels,
            DenseValues values) {
        prepareVariable(vector, offset, count);
        ArrowBuf offsets = vector.getOffsetBuffer();
        int start = offsets.getInt((long) offset * BaseVariableWidthVector.OFFSET_WIDTH);
        int defined = 0;
        if (levels == null) {
            defined = count;
        } else {
            for (int i = 0; i < count; i++) {
                defined += levels[i];
            }
        }
        long total = 0;
        for (int j = 0; j < defined; j++) {
            total += values.lengths[j];
        }
        ensureData(vector, start + total);
        ArrowBuf data = vector.getDataBuffer();
        ArrowBuf validity = vector.getValidityBuffer();
        int position = start;
        int next = 0;
        for (int i = 0; i < count; i++) {
            int isDefined = levels == null ? 1 : levels[i];
            if (isDefined != 0) {
                int length = values.lengths[next];
                data.setBytes(position, values.source, values.starts[next], length);
                position += length;
                next++;
            }
            offsets.setInt((long) (offset + i + 1) * BaseVariableWidthVector.OFFSET_WIDTH, position);
            if (levels != null) {
                BitVectorHelper.setValidityBit(validity, offset + i, isDefined);
            }
        }
        if (levels == null) {
            setBits(validity, offset, count, true);
        }
        vector.setLastSet(offset + count - 1);
    }

    /** Makes rows {@code [offset, offset + count)} null. */
    static void writeNulls(FieldVector vector, int offset, int count) {
        if (vector instanceof BaseVariableWidthVector) {
            BaseVariableWidthVector variable = (BaseVariableWidthVector) vector;
            prepareVariable(variable, offset, count);
            ArrowBuf offsets = variable.getOffsetBuffer();
            int start = offsets.getInt((long) offset * BaseVariableWidthVector.OFFSET_WIDTH);
            for (int i = 1; i <= count; i++) {
                offsets.setInt((long) (offset + i) * BaseVariableWidthVector.OFFSET_WIDTH, start);
            }
            setBits(variable.getValidityBuffer(), offset, count, false);
            variable.setLastSet(offset + count - 1);
            return;
        }
        BaseFixedWidthVector fixed = (BaseFixedWidthVector) vector;
        ensureCapacity(fixed, offset + count);
        setBits(fixed.getValidityBuffer(), offset, count, false);
    }

    /**
     * Moves the rows of {@code [offset, offset + count)} whose {@code keep} flag is set to the front of that range,
     * in order, and returns how many there are.
     */
    int compact(FieldVector vector, int offset, int count, boolean[] keep) {
        if (vector instanceof BaseVariableWidthVector) {
            return compactVariable((BaseVariableWidthVector) vector, offset, count, keep);
        }
        if (vector instanceof BitVector) {
            return compactBits((BitVector) vector, offset, count, keep);
        }
        BaseFixedWidthVector fixed = (BaseFixedWidthVector) vector;
        int width = fixed.getTypeWidth();
        ArrowBuf data = fixed.getDataBuffer();
        ArrowBuf validity = fixed.getValidityBuffer();
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (keep[i]) {
                int from = offset + i;
                int to = offset + kept;
                if (to != from) {
                    // The ranges never overlap: rows are width bytes apart at least.
                    data.setBytes((long) to * width, data, (long) from * width, width);
                    BitVectorHelper.setValidityBit(validity, to, BitVectorHelper.get(validity, from));
                }
                kept++;
            }
        }
        return kept;
    }

    /**
     * Moves the rows {@code offset + selected[k]} ({@code selected} ascending, {@code kept} of them) to rows
     * {@code offset + k}, in order.
     *
     * <p>The hot path of a filtered scan: the buffers are checked once for the whole run, then read and written by
     * address; validity bits move only when the run has a null.
     */
    void compact(FieldVector vector, int offset, int[] selected, int kept) {
        // Rows before the first removed one stay where they are.
        int first = 0;
        while (first < kept && selected[first] == first) {
            first++;
        }
        if (first == kept) {
            if (vector instanceof BaseVariableWidthVector) {
                ((BaseVariableWidthVector) vector).setLastSet(offset + kept - 1);
            }
            return;
        }
        int end = offset + selected[kept - 1] + 1;
        ArrowBuf validity = vector.getValidityBuffer();
        checkRange(validity, ((long) end + 7) / 8);
        boolean moveValidity = !allSet(validity, offset + first, end);
        if (vector instanceof BaseVariableWidthVector) {
            compactVariable((BaseVariableWidthVector) vector, offset, selected, kept, first, end, moveValidity);
            return;
        }
        if (vector instanceof BitVector) {
            ArrowBuf data = vector.getDataBuffer();
            for (int k = first; k < kept; k++) {
                int from = offset + selected[k];
                BitVectorHelper.setValidityBit(data, offset + k, BitVectorHelper.get(data, from));
                if (moveValidity) {
                    BitVectorHelper.setValidityBit(validity, offset + k, BitVectorHelper.get(validity, from));
                }
            }
            return;
        }
        BaseFixedWidthVector fixed = (BaseFixedWidthVector) vector;
        int width = fixed.getTypeWidth();
        ArrowBuf data = fixed.getDataBuffer();
        checkRange(data, (long) end * width);
        long address = data.memoryAddress();
        // Rows only move down, by whole rows: source and target never overlap.
        if (width == 8) {
            for (int k = first; k < kept; k++) {
                MemoryUtil.putLong(address + (long) (offset + k) * 8,
                        MemoryUtil.getLong(address + (long) (offset + selected[k]) * 8));
            }
        } else if (width == 4) {
            for (int k = first; k < kept; k++) {
                MemoryUtil.putInt(address + (long) (offset + k) * 4,
                        MemoryUtil.getInt(address + (long) (offset + selected[k]) * 4));
            }
        } else {
            for (int k = first; k < kept; k++) {
                MemoryUtil.copyMemory(address + (long) (offset + selected[k]) * width,
                        address + (long) (offset + k) * width, width);
            }
        }
        if (moveValidity) {
            for (int k = first; k < kept; k++) {
                BitVectorHelper.setValidityBit(validity, offset + k, BitVectorHelper.get(validity, offset + selected[k]));
            }
        }
    }

    private void compactVariable(BaseVariableWidthVector vector, int offset, int[] selected, int kept, int first,
            int end, boolean moveValidity) {
        ArrowBuf data = vector.getDataBuffer();
        ArrowBuf offsets = vector.getOffsetBuffer();
        long width = BaseVariableWidthVector.OFFSET_WIDTH;
        checkRange(offsets, (end + 1L) * width);
        long offsetsAddress = offsets.memoryAddress();
        checkRange(data, MemoryUtil.getInt(offsetsAddress + end * width));
        long dataAddress = data.memoryAddress();
        int position = MemoryUtil.getInt(offsetsAddress + (offset + first) * width);
        for (int k = first; k < kept; k++) {
            int from = offset + selected[k];
            int start = MemoryUtil.getInt(offsetsAddress + from * width);
            int length = MemoryUtil.getInt(offsetsAddress + (from + 1) * width) - start;
            if (position != start) {
                // The target lies below the source, so a forward copy is right even where the two overlap.
                if (length <= 16) {
                    for (int i = 0; i < length; i++) {
                        MemoryUtil.putByte(dataAddress + position + i, MemoryUtil.getByte(dataAddress + start + i));
                    }
                } else {
                    byte[] buffer = moved(length);
                    data.getBytes(start, buffer, 0, length);
                    data.setBytes(position, buffer, 0, length);
                }
            }
            position += length;
            // Offsets past row "to" are read later only for rows after "from", which they do not overwrite.
            MemoryUtil.putInt(offsetsAddress + (offset + k + 1) * width, position);
        }
        if (moveValidity) {
            ArrowBuf validity = vector.getValidityBuffer();
            for (int k = first; k < kept; k++) {
                BitVectorHelper.setValidityBit(validity, offset + k, BitVectorHelper.get(validity, offset + selected[k]));
            }
        }
        vector.setLastSet(offset + kept - 1);
    }

    /** Fails unless {@code buffer} holds at least {@code bytes} bytes: the one check before raw access. */
    private static void checkRange(ArrowBuf buffer, long bytes) {
        if (bytes > buffer.capacity()) {
            throw new IndexOutOfBoundsException("a run needs " + bytes + " bytes of a buffer of " + buffer.capacity());
        }
    }

    /** True when every validity bit of rows {@code [from, to)} is set. */
    private static boolean allSet(ArrowBuf validity, int from, int to) {
        int row = from;
        while (row < to && (row & 7) != 0) {
            if (BitVectorHelper.get(validity, row++) == 0) {
                return false;
            }
        }
        long address = validity.memoryAddress();
        while (row + 64 <= to) {
            if (MemoryUtil.getLong(address + row / 8) != -1L) {
                return false;
            }
            row += 64;
        }
        while (row + 8 <= to) {
            if (MemoryUtil.getByte(address + row / 8) != (byte) -1) {
                return false;
            }
            row += 8;
        }
        while (row < to) {
            if (BitVectorHelper.get(validity, row++) == 0) {
                return false;
            }
        }
        return true;
    }

    private static int compactBits(BitVector vector, int offset, int count, boolean[] keep) {
        ArrowBuf data = vector.getDataBuffer();
        ArrowBuf validity = vector.getValidityBuffer();
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (keep[i]) {
                int from = offset + i;
                int to = offset + kept;
                if (to != from) {
                    BitVectorHelper.setValidityBit(data, to, BitVectorHelper.get(data, from));
                    BitVectorHelper.setValidityBit(validity, to, BitVectorHelper.get(validity, from));
                }
                kept++;
            }
        }
        return kept;
    }

    private int compactVariable(BaseVariableWidthVector vector, int offset, int count, boolean[] keep) {
        ArrowBuf data = vector.getDataBuffer();
        ArrowBuf offsets = vector.getOffsetBuffer();
        ArrowBuf validity = vector.getValidityBuffer();
        long width = BaseVariableWidthVector.OFFSET_WIDTH;
        int position = offsets.getInt(offset * width);
        int oldStart = position;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            // Read the old end before the compacted offsets overwrite it.
            int oldEnd = offsets.getInt((offset + i + 1) * width);
            if (keep[i]) {
                int length = oldEnd - oldStart;
                if (position != oldStart && length > 0) {
                    // Source and target may overlap: go through a Java array.
                    byte[] buffer = moved(length);
                    data.getBytes(oldStart, buffer, 0, length);
                    data.setBytes(position, buffer, 0, length);
                }
                position += length;
                int to = offset + kept;
                offsets.setInt((to + 1) * width, position);
                if (to != offset + i) {
                    BitVectorHelper.setValidityBit(validity, to, BitVectorHelper.get(validity, offset + i));
                }
                kept++;
            }
            oldStart = oldEnd;
        }
        vector.setLastSet(offset + kept - 1);
        return kept;
    }

    private static void prepareVariable(BaseVariableWidthVector vector, int offset, int count) {
        if (vector.getLastSet() < offset - 1) {
            // Rows written before (by the generic path) may end in nulls that left no offsets yet.
            vector.fillEmpties(offset);
        }
        while (vector.getValueCapacity() < offset + count) {
            vector.reallocValidityAndOffsetBuffers();
        }
    }

    private static void ensureData(BaseVariableWidthVector vector, long bytes) {
        if (vector.getDataBuffer().capacity() < bytes) {
            vector.reallocDataBuffer(bytes);
        }
    }

    private static void ensureCapacity(BaseFixedWidthVector vector, int rows) {
        while (vector.getValueCapacity() < rows) {
            vector.reAlloc();
        }
    }

    /** Sets or clears the bits {@code [from, from + count)}, a byte at a time where aligned. */
    static void setBits(ArrowBuf buffer, int from, int count, boolean value) {
        int bit = from;
        int end = from + count;
        int flag = value ? 1 : 0;
        while (bit < end && (bit & 7) != 0) {
            BitVectorHelper.setValidityBit(buffer, bit++, flag);
        }
        int wholeBytes = (end - bit) >>> 3;
        if (wholeBytes > 0) {
            if (value) {
                buffer.setOne((long) (bit >>> 3), wholeBytes);
            } else {
                buffer.setZero((long) (bit >>> 3), wholeBytes);
            }
            bit += wholeBytes * 8;
        }
        while (bit < end) {
            BitVectorHelper.setValidityBit(buffer, bit++, flag);
        }
    }

    private byte[] staging(int bytes) {
        if (staging.length < bytes) {
            staging = new byte[Math.max(bytes, staging.length * 2)];
        }
        return staging;
    }

    private byte[] moved(int bytes) {
        if (moved.length < bytes) {
            moved = new byte[Math.max(bytes, moved.length * 2)];
        }
        return moved;
    }
}
