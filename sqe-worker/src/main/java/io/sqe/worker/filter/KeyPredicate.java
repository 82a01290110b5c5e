package io.sqe.worker.filter;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.apache.iceberg.expressions.BoundPredicate;

/**
 * A predicate on a column whose values map to order-preserving {@code long} keys ({@link KeyKind}): a closed range
 * of keys (every comparison but {@code <>}, and IS NaN), a key excluded ({@code <>}, NOT NaN), or a set of keys
 * (IN, NOT IN). Each evaluation gathers the keys of the candidate rows into an array, tests them in one loop
 * (branch-free, but for a set of more than {@value #LINEAR_SET_SIZE} keys, which is looked up in a hash table), then
 * drops the null rows.
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
    private final KeySet hashed;
    private long[] keys = new long[0];

    private KeyPredicate(ColumnAccess column, int position, KeyKind kind, Test test, long low, long high,
            Members members) {
        this.column = requireNonNull(column, "column is null");
        this.position = position;
        this.kind = requireNonNull(kind, "kind is null");
        this.test = requireNonNull(test, "test is null");
        this.low = low;
        this.high = high;
        this.set = members == null ? null : members.sorted;
        this.hashed = members == null ? null : members.hashed;
    }

    /** Which set predicate, with which key kind, a {@link Members} was built for; predicates compare by identity. */
    record SetKey(BoundPredicate<?> predicate, KeyKind kind) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SetKey && ((SetKey) other).predicate == predicate && ((SetKey) other).kind == kind;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(predicate) * 31 + kind.hashCode();
        }
    }

    /** The keys of an IN or NOT IN list: distinct and ascending, and hashed when there are many. Immutable. */
    static final class Members {
        private final long[] sorted;
        private final KeySet hashed;

        private Members(long[] sorted) {
            this.sorted = sorted;
            this.hashed = sorted.length > LINEAR_SET_SIZE ? new KeySet(sorted) : null;
        }

        static Members of(long[] keys) {
            return new Members(Arrays.stream(keys).distinct().sorted().toArray());
        }
    }

    static KeyPredicate range(ColumnAccess column, int position, KeyKind kind, long low, long high) {
        return new KeyPredicate(column, position, kind, Test.RANGE, low, high, null);
    }

    static KeyPredicate notEqual(ColumnAccess column, int position, KeyKind kind, long key) {
        return new KeyPredicate(column, position, kind, Test.NOT_EQUAL, key, key, null);
    }

    static KeyPredicate set(ColumnAccess column, int position, KeyKind kind, Members members, boolean in) {
        return new KeyPredicate(column, position, kind, in ? Test.IN : Test.NOT_IN, 0, 0,
                requireNonNull(members, "members is null"));
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
                kept = hashed == null ? linearSet(rows, count) : hashedSet(rows, count);
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

    private int hashedSet(int[] rows, int count) {
        long[] values = keys;
        KeySet members = hashed;
        boolean wanted = test == Test.IN;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            rows[kept] = rows[i];
            kept += members.contains(values[i]) == wanted ? 1 : 0;
        }
        return kept;
    }

    /** Distinct keys in an open-addressing table with linear probing, at most half full. */
    static final class KeySet {
        private static final long GOLDEN = 0x9E3779B97F4A7C15L;

        private final long[] table;
        private final int mask;
        private final int shift;
        /** A key not in the set, marking empty slots. */
        private final long empty;

        /** @param sorted distinct keys in ascending order, at least one */
        KeySet(long[] sorted) {
            int capacity = Integer.highestOneBit(sorted.length * 2 - 1) << 1;
            table = new long[capacity];
            mask = capacity - 1;
            shift = 64 - Integer.numberOfTrailingZeros(capacity);
            empty = absentKey(sorted);
            Arrays.fill(table, empty);
            for (long key : sorted) {
                int slot = slot(key);
                while (table[slot] != empty) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = key;
            }
        }

        private static long absentKey(long[] sorted) {
            if (sorted[0] != Long.MIN_VALUE) {
                return Long.MIN_VALUE;
            }
            for (int i = 1; i < sorted.length; i++) {
                if (sorted[i] != sorted[i - 1] + 1) {
                    return sorted[i - 1] + 1;
                }
            }
            // the keys run from Long.MIN_VALUE without a gap, far fewer than 2^64 of them
            return sorted[sorted.length - 1] + 1;
        }

        private int slot(long key) {
            return (int) ((key * GOLDEN) >>> shift);
        }

        boolean contains(long key) {
            int slot = slot(key);
            while (true) {
                long member = table[slot];
                if (member == key) {
                    return key != empty;
                }
                if (member == empty) {
                    return false;
                }
                slot = (slot + 1) & mask;
            }
        }
    }
}
