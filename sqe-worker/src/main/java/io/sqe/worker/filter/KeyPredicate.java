package io.sqe.worker.filter;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A predicate on a column whose values map to order-preserving {@code long} keys ({@link KeyKind}): a closed range
 * of keys (every comparison but {@code <>}, and IS NaN), a key excluded ({@code <>}, NOT NaN), or a set of keys
 * (IN, NOT IN). Each evaluation gathers the keys of the candidate rows into an array, tests them in one branch-free
 * loop, then drops the null rows.
 */
final class KeyPredicate implements FilterNode {
    enum Test { RANGE, NOT_EQUAL, IN, NOT_IN }

    private static final int LINEAR_SET_SIZE = 8;

    final ColumnAccess column;
    final int position;
    final KeyKind kind;
    final Test test;
    // RANGE: [low, high]; NOT_EQUAL: low.
    final long low;
    final long high;
    private final long[] set;
    private long[] keys = new long[0];

    private KeyPredicate(ColumnAccess column, int position, KeyKind kind, Test test, long low, long high, long[] set) {
        this.column = requireNonNull(column, "column is null");
        this.position = position;
        this.kind = requireNonNull(kind, "kind is null");
        this.test = requireNonNull(test, "test is null");
        this.low = low;
        this.high = high;
        this.set = set;
    }

    static KeyPredicate range(ColumnAccess column, int position, KeyKind kind, long low, long high) {
        return new KeyPredicate(column, position, kind, Test.RANGE, low, high, null);
    }

    static KeyPredicate notEqual(ColumnAccess column, int position, KeyKind kind, long key) {
        return new KeyPredicate(column, position, kind, Test.NOT_EQUAL, key, key, null);
    }

    static KeyPredicate set(ColumnAccess column, int position, KeyKind kind, long[] keys, boolean in) {
        long[] sorted = Arrays.stream(keys).distinct().sorted().toArray();
        return new KeyPredicate(column, position, kind, in ? Test.IN : Test.NOT_IN, 0, 0, sorted);
    }

    /** Both range tests at once: the intersection of the ranges, empty when they do not meet. */
    KeyPredicate intersect(KeyPredicate other) {
        return range(column, position, kind, Math.max(low, other.low), Math.min(high, other.high));
    }

    boolean isEmptyRange() {
        return test == Test.RANGE && low > high;
    }

    @Override
    public int filter(int offset, int[] rows, int count) {
        if (count == 0) {
            return 0;
        }
        if (isEmptyRange()) {
            return 0;
        }
        if (keys.length < count) {
            keys = new long[Math.max(count, keys.length * 2)];
        }
        kind.gather(column, offset, rows, count, keys);
        int kept;
        switch (test) {
            case RANGE:
                kept = range(rows, count);
                break;
            case NOT_EQUAL:
                kept = notEqual(rows, count);
                break;
            case IN:
            case NOT_IN:
                kept = set.length <= LINEAR_SET_SIZE ? linearSet(rows, count) : sortedSet(rows, count);
                break;
            default:
                throw new IllegalStateException("unknown test " + test);
        }
        return column.dropNulls(offset, rows, kept);
    }

    private int range(int[] rows, int count) {
        long[] values = keys;
        // key in [low, high] as one unsigned comparison of key - low against the width of the range.
        long start = low;
        long width = (high - low) + Long.MIN_VALUE;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            rows[kept] = rows[i];
            kept += (values[i] - start + Long.MIN_VALUE) <= width ? 1 : 0;
        }
        return kept;
    }

    private int notEqual(int[] rows, int count) {
        long[] values = keys;
        long excluded = low;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            rows[kept] = rows[i];
            kept += values[i] != excluded ? 1 : 0;
        }
        return kept;
    }

    private int linearSet(int[] rows, int count) {
        long[] values = keys;
        long[] members = set;
        int wanted = test == Test.IN ? 1 : 0;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            long value = values[i];
            int found = 0;
            for (long member : members) {
                found |= value == member ? 1 : 0;
            }
            rows[kept] = rows[i];
            kept += found == wanted ? 1 : 0;
        }
        return kept;
    }

    private int sortedSet(int[] rows, int count) {
        long[] values = keys;
        boolean wanted = test == Test.IN;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            rows[kept] = rows[i];
            kept += (Arrays.binarySearch(set, values[i]) >= 0) == wanted ? 1 : 0;
        }
        return kept;
    }
}
