package io.sqe.coordinator.exec;

/**
 * The build side of a hash join on one key held as longs, looked up by value. An open-addressing table with linear
 * probing holds each distinct key next to where its rows are, in one {@code long[]}: a probe of a key that occurs
 * once (a primary key, the common case) reads one cache line and no other array. Rows of a key that occurs more
 * than once are kept together, in build order, in a separate array.
 *
 * <p>{@link #find} returns an entry: 0 when the key is absent, else the number of rows in the low 32 bits and in
 * the high 32 bits either the row itself (one row) or where the rows start in {@link #row}.
 */
final class LongKeyIndex {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** Slot {@code s} is {@code table[2s]} (the key) and {@code table[2s + 1]} (its entry, 0 when empty). */
    private final long[] table;
    private final int mask;
    private final int shift;
    private final int[] rows;

    /** Indexes the non-null rows of {@code keys[0..size)}; {@code nulls} may be null. */
    LongKeyIndex(long[] keys, boolean[] nulls, int size) {
        int capacity = Math.max(16, Integer.highestOneBit(Math.max(1, size + size / 2) - 1) << 1);
        table = new long[2 * capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        // count the rows per key, remembering each row's slot
        int[] slotOf = new int[size];
        int repeatedRows = 0;
        for (int row = 0; row < size; row++) {
            if (nulls != null && nulls[row]) {
                slotOf[row] = -1;
                continue;
            }
            long key = keys[row];
            int slot = slot(key);
            while (table[2 * slot + 1] != 0 && table[2 * slot] != key) {
                slot = (slot + 1) & mask;
            }
            long entry = table[2 * slot + 1];
            if (entry == 0) {
                table[2 * slot] = key;
                table[2 * slot + 1] = (long) row << 32 | 1;
            } else {
                repeatedRows += (int) entry == 1 ? 2 : 1;
                table[2 * slot + 1] = entry + 1;
            }
            slotOf[row] = slot;
        }
        // a key with several rows gets a range of rows[]: its start replaces the row in the entry
        rows = new int[repeatedRows];
        int start = 0;
        for (int slot = 0; slot < capacity; slot++) {
            int count = (int) table[2 * slot + 1];
            if (count > 1) {
                table[2 * slot + 1] = (long) start << 32 | count;
                start += count;
            }
        }
        // fill each range in build order
        int[] filled = repeatedRows == 0 ? null : new int[capacity];
        for (int row = 0; row < size; row++) {
            int slot = slotOf[row];
            if (slot < 0 || (int) table[2 * slot + 1] == 1) {
                continue;
            }
            rows[(int) (table[2 * slot + 1] >>> 32) + filled[slot]++] = row;
        }
    }

    private int slot(long key) {
        return (int) ((key * GOLDEN) >>> shift) & mask;
    }

    /** The entry of {@code key}, 0 when no build row has it. */
    long find(long key) {
        int slot = slot(key);
        while (true) {
            long entry = table[2 * slot + 1];
            if (entry == 0 || table[2 * slot] == key) {
                return entry;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * The entries of {@code keys[0..size)}, 0 for a null key. Finding them all in one loop, before any is used,
     * lets the processor overlap the cache misses of a table larger than its caches: each lookup depends on no
     * other.
     */
    long[] findAll(long[] keys, boolean[] nulls, int size) {
        long[] entries = new long[size];
        for (int i = 0; i < size; i++) {
            entries[i] = find(keys[i]);
        }
        if (nulls != null) {
            for (int i = 0; i < size; i++) {
                if (nulls[i]) {
                    entries[i] = 0;
                }
            }
        }
        return entries;
    }

    static int count(long entry) {
        return (int) entry;
    }

    /** The row of an entry whose count is 1, or the start in {@link #row} of the rows of a larger one. */
    static int start(long entry) {
        return (int) (entry >>> 32);
    }

    /** The build row at {@code position} of a key's range. */
    int row(int position) {
        return rows[position];
    }

    long retainedBytes() {
        return 8L * table.length + 4L * rows.length;
    }
}
