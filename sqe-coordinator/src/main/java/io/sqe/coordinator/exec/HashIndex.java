package io.sqe.coordinator.exec;

import java.util.Arrays;

/**
 * Open hash chains over row numbers: {@code first(hash)} gives the newest row with that bucket, {@code next(row)} the
 * one before it in the chain, -1 at the end. The caller compares the stored hash and the keys.
 */
final class HashIndex {
    private int[] buckets;
    private int mask;
    private int[] next;
    private long[] hashes;
    private int size;

    HashIndex(int expectedRows) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedRows) * 2 - 1) << 1;
        buckets = new int[capacity];
        Arrays.fill(buckets, -1);
        mask = capacity - 1;
        next = new int[Math.max(16, expectedRows)];
        hashes = new long[next.length];
    }

    int size() {
        return size;
    }

    /** Adds row {@code size()} with {@code hash}. */
    void add(long hash) {
        if (size == next.length) {
            next = Arrays.copyOf(next, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        if (size * 2 > buckets.length) {
            rehash(buckets.length * 2);
        }
        hashes[size] = hash;
        int bucket = (int) hash & mask;
        next[size] = buckets[bucket];
        buckets[bucket] = size;
        size++;
    }

    private void rehash(int capacity) {
        buckets = new int[capacity];
        Arrays.fill(buckets, -1);
        mask = capacity - 1;
        for (int row = 0; row < size; row++) {
            int bucket = (int) hashes[row] & mask;
            next[row] = buckets[bucket];
            buckets[bucket] = row;
        }
    }

    int first(long hash) {
        return buckets[(int) hash & mask];
    }

    int next(int row) {
        return next[row];
    }

    long hashOf(int row) {
        return hashes[row];
    }

    long retainedBytes() {
        return 4L * buckets.length + 12L * next.length;
    }
}
