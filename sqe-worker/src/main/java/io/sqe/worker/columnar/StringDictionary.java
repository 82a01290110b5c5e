package io.sqe.worker.columnar;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VarCharVector;

/**
 * Numbers distinct strings in first-seen order, reading them in place from the batch's vector by address: only a new
 * string is copied. Strings shorter than 8 bytes are looked up by their bytes packed into a long first.
 */
final class StringDictionary {
    private byte[][] values = new byte[16][];
    private int[] hashes = new int[16];
    private int[] slots = new int[32];
    private int size;
    /** Packed short strings and their ids, open addressing; an id of -1 marks an empty slot. */
    private long[] shortSlots = new long[16];
    private int[] shortIds = new int[16];
    private int shortCount;

    StringDictionary() {
        Arrays.fill(slots, -1);
        Arrays.fill(shortIds, -1);
    }

    /**
     * The id of each non-null string of {@code strings}, by position; 0 at null positions. Strings read in place are
     * located through the vector's offsets by address, after checking the selected rows once and each string's
     * offsets against the data buffer.
     */
    long[] idsOf(ColumnValues strings, int count) {
        long[] ids = new long[count];
        if (strings.constant != null) {
            int id = find(Arrays.hashCode(strings.constant), strings.constant, 0, 0);
            for (int i = 0; i < count; i++) {
                ids[i] = strings.isNull(i) ? 0 : id;
            }
            return ids;
        }
        if (count == 0) {
            return ids;
        }
        VarCharVector vector = strings.strings;
        int[] rows = strings.rows;
        int highest = ExpressionEvaluator.requireRows(vector, rows, count);
        ArrowBuf offsetBuffer = vector.getOffsetBuffer();
        if ((highest + 2L) * Integer.BYTES > offsetBuffer.capacity()) {
            throw new IllegalStateException("row " + highest + " is past the offsets of column " + vector.getName());
        }
        long offsets = offsetBuffer.memoryAddress();
        ArrowBuf dataBuffer = vector.getDataBuffer();
        long data = dataBuffer.memoryAddress();
        long capacity = dataBuffer.capacity();
        for (int i = 0; i < count; i++) {
            if (strings.isNull(i)) {
                continue;
            }
            long offset = offsets + (long) rows[i] * Integer.BYTES;
            int start = MemoryUtil.getInt(offset);
            int end = MemoryUtil.getInt(offset + Integer.BYTES);
            if (start < 0 || end < start || end > capacity) {
                throw new IllegalStateException("string " + rows[i] + " of column " + vector.getName()
                        + " spans " + start + " to " + end + ", outside its buffer of " + capacity);
            }
            int length = end - start;
            ids[i] = length < Long.BYTES ? shortId(data + start, length) : longId(data + start, length);
        }
        return ids;
    }

    /**
     * The id of a string of at most 7 bytes, found by its bytes and length packed into one long: Q1's one-letter
     * flags are neither hashed byte by byte nor compared.
     */
    private int shortId(long address, int length) {
        long packed = length;
        for (int i = 0; i < length; i++) {
            packed |= (MemoryUtil.getByte(address + i) & 0xffL) << (8 * (i + 1));
        }
        int mask = shortSlots.length - 1;
        int slot = GroupTable.slotOf(packed, mask);
        while (shortIds[slot] >= 0) {
            if (shortSlots[slot] == packed) {
                return shortIds[slot];
            }
            slot = (slot + 1) & mask;
        }
        int id = longId(address, length);
        shortSlots[slot] = packed;
        shortIds[slot] = id;
        if (++shortCount * 2 > shortSlots.length) {
            growShort();
        }
        return id;
    }

    private void growShort() {
        long[] oldSlots = shortSlots;
        int[] oldIds = shortIds;
        shortSlots = new long[oldSlots.length * 2];
        shortIds = new int[oldSlots.length * 2];
        Arrays.fill(shortIds, -1);
        int mask = shortSlots.length - 1;
        for (int old = 0; old < oldSlots.length; old++) {
            if (oldIds[old] >= 0) {
                int slot = GroupTable.slotOf(oldSlots[old], mask);
                while (shortIds[slot] >= 0) {
                    slot = (slot + 1) & mask;
                }
                shortSlots[slot] = oldSlots[old];
                shortIds[slot] = oldIds[old];
            }
        }
    }

    private int longId(long address, int length) {
        // the same hash as Arrays.hashCode of the bytes
        int hash = 1;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + MemoryUtil.getByte(address + i);
        }
        return find(hash, null, address, length);
    }

    /** The id of the string with {@code hash}: {@code value} when it is on the heap, else at {@code address}. */
    private int find(int hash, byte[] value, long address, int length) {
        int mask = slots.length - 1;
        for (int slot = mix(hash) & mask;; slot = (slot + 1) & mask) {
            int id = slots[slot];
            if (id < 0) {
                return add(slot, value != null ? value : copy(address, length), hash);
            }
            if (hashes[id] == hash
                    && (value != null ? Arrays.equals(values[id], value) : equal(values[id], address, length))) {
                return id;
            }
        }
    }

    private static boolean equal(byte[] value, long address, int length) {
        if (value.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (value[i] != MemoryUtil.getByte(address + i)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] copy(long address, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = MemoryUtil.getByte(address + i);
        }
        return bytes;
    }

    private int add(int slot, byte[] value, int hash) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        int id = size++;
        values[id] = value;
        hashes[id] = hash;
        slots[slot] = id;
        if (size * 2 > slots.length) {
            slots = new int[slots.length * 2];
            Arrays.fill(slots, -1);
            int mask = slots.length - 1;
            for (int existing = 0; existing < size; existing++) {
                int s = mix(hashes[existing]) & mask;
                while (slots[s] >= 0) {
                    s = (s + 1) & mask;
                }
                slots[s] = existing;
            }
        }
        return id;
    }

    private static int mix(int hash) {
        return hash ^ (hash >>> 16) ^ (hash >>> 7);
    }

    byte[] bytes(int id) {
        return values[id];
    }
}
