package io.sqe.worker.columnar;

import java.util.Arrays;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Numbers distinct strings in first-seen order, reading them in place from the batch's vector by address: only a new
 * string is copied.
 */
final class StringDictionary {
    private byte[][] values = new byte[16][];
    private int[] hashes = new int[16];
    private int[] slots = new int[32];
    private int size;

    StringDictionary() {
        Arrays.fill(slots, -1);
    }

    int idOf(ColumnValues strings, int position) {
        if (strings.constant != null) {
            return find(Arrays.hashCode(strings.constant), strings.constant, 0, 0);
        }
        long address = strings.stringAddress(position);
        int length = strings.stringLength(position);
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
