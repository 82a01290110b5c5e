package io.sqe.worker.columnar;

import java.util.Arrays;

/**
 * Numbers distinct strings in first-seen order, reading them in place from the batch: only a new string is copied.
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
        int length = strings.stringLength(position);
        int hash = 1;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + strings.stringByte(position, i);
        }
        int mask = slots.length - 1;
        int slot = mix(hash) & mask;
        while (true) {
            int id = slots[slot];
            if (id < 0) {
                return add(slot, strings.stringBytes(position), hash);
            }
            if (hashes[id] == hash && equal(values[id], strings, position, length)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static boolean equal(byte[] value, ColumnValues strings, int position, int length) {
        if (value.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (value[i] != strings.stringByte(position, i)) {
                return false;
            }
        }
        return true;
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
