package io.sqe.worker.columnar;

import io.sqe.planner.aggregation.ScanType;
import io.sqe.planner.aggregation.ScanType.Kind;
import java.util.Arrays;

/**
 * Open-addressing hash table from group keys to dense group numbers. Each key value is coded as a long: numbers,
 * dates and decimals (unscaled) as themselves, strings as their number in a per-key {@link StringDictionary}; a null
 * key is a separate flag. Key codes and null flags of group {@code g} sit at {@code g * keyCount + k}.
 *
 * <p>A single key (Q18's {@code l_orderkey}, Q13's {@code o_custkey}) has a table of its own, which holds each
 * code beside its group number: a probe touches one cache line, not a slot and then the group's code.
 */
final class GroupTable {
    /** What a null key hashes as; its stored code is 0, told apart by its null flag. */
    private static final long NULL_CODE = 0x5bd1e995L;

    private final ScanType[] keyTypes;
    private final StringDictionary[] dictionaries;
    private long[] codes = new long[64];
    private boolean[] nulls = new boolean[64];
    /** For several keys: group numbers by slot, -1 where empty. Null for a single key. */
    private int[] slots;
    /**
     * For a single key: pairs of (code, group + 1) by slot, 0 where empty; a null key is {@link #nullGroup}. Null for
     * several keys.
     */
    private long[] entries;
    private int nullGroup = -1;
    private int groups;

    GroupTable(ScanType[] keyTypes) {
        this.keyTypes = keyTypes.clone();
        this.dictionaries = new StringDictionary[keyTypes.length];
        for (int k = 0; k < keyTypes.length; k++) {
            if (keyTypes[k].kind() == Kind.STRING) {
                dictionaries[k] = new StringDictionary();
            }
        }
        if (keyTypes.length == 1) {
            entries = new long[2 * 256];
        } else {
            slots = new int[256];
            Arrays.fill(slots, -1);
        }
    }

    /** The slot of a long key in a table of {@code mask + 1} slots: Fibonacci hashing, both halves folded in. */
    static int slotOf(long key, int mask) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32)) & mask;
    }

    int groupCount() {
        return groups;
    }

    /**
     * Writes the group number of each position of {@code keys} into {@code groupOfRow}. Key codes and hashes are
     * computed a column at a time; only the table probe goes row by row.
     */
    void findGroups(ColumnValues[] keys, int count, int[] groupOfRow) {
        int keyCount = keyTypes.length;
        if (keyCount == 1) {
            findSingleKeyGroups(keys[0], count, groupOfRow);
            return;
        }
        long[][] keyCodes = new long[keyCount][];
        boolean[][] keyNulls = new boolean[keyCount][];
        long[] hashes = new long[count];
        for (int k = 0; k < keyCount; k++) {
            ColumnValues key = keys[k];
            keyNulls[k] = key.nulls;
            keyCodes[k] = dictionaries[k] != null ? dictionaries[k].idsOf(key, count) : numericCodes(key, k, count);
            long[] codes = keyCodes[k];
            boolean[] isNull = key.nulls;
            for (int i = 0; i < count; i++) {
                long code = isNull != null && isNull[i] ? NULL_CODE : codes[i];
                hashes[i] = (hashes[i] + code) * 0x9E3779B97F4A7C15L;
            }
        }
        long[] rowCodes = new long[keyCount];
        boolean[] rowNulls = new boolean[keyCount];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < keyCount; k++) {
                boolean isNull = keyNulls[k] != null && keyNulls[k][i];
                rowNulls[k] = isNull;
                rowCodes[k] = isNull ? 0 : keyCodes[k][i];
            }
            groupOfRow[i] = findOrInsert(rowCodes, rowNulls, hashes[i]);
        }
    }

    private void findSingleKeyGroups(ColumnValues key, int count, int[] groupOfRow) {
        long[] keyCodes = dictionaries[0] != null ? dictionaries[0].idsOf(key, count) : numericCodes(key, 0, count);
        boolean[] keyNulls = key.nulls;
        for (int i = 0; i < count; i++) {
            if (keyNulls != null && keyNulls[i]) {
                if (nullGroup < 0) {
                    nullGroup = append(0, true);
                }
                groupOfRow[i] = nullGroup;
            } else {
                groupOfRow[i] = singleKeyGroup(keyCodes[i]);
            }
        }
    }

    private int singleKeyGroup(long code) {
        int mask = (entries.length >> 1) - 1;
        int slot = slotOf(code, mask);
        while (true) {
            long groupPlusOne = entries[2 * slot + 1];
            if (groupPlusOne == 0) {
                int group = append(code, false);
                entries[2 * slot] = code;
                entries[2 * slot + 1] = group + 1L;
                if (groups * 2 > mask + 1) {
                    growEntries();
                }
                return group;
            }
            if (entries[2 * slot] == code) {
                return (int) groupPlusOne - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void growEntries() {
        long[] old = entries;
        entries = new long[old.length * 2];
        int mask = (entries.length >> 1) - 1;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i + 1] != 0) {
                int slot = slotOf(old[i], mask);
                while (entries[2 * slot + 1] != 0) {
                    slot = (slot + 1) & mask;
                }
                entries[2 * slot] = old[i];
                entries[2 * slot + 1] = old[i + 1];
            }
        }
    }

    /** A new group of one key. */
    private int append(long code, boolean isNull) {
        int group = groups++;
        if (group >= codes.length) {
            codes = Arrays.copyOf(codes, codes.length * 2);
            nulls = Arrays.copyOf(nulls, codes.length);
        }
        codes[group] = code;
        nulls[group] = isNull;
        return group;
    }

    private static long[] numericCodes(ColumnValues key, int k, int count) {
        if (key.wide != null) {
            for (int i = 0; i < count; i++) {
                if (key.isWide(i)) {
                    throw new IllegalArgumentException("group key " + k + " is wider than a long");
                }
            }
        }
        return key.longs;
    }

    private int findOrInsert(long[] rowCodes, boolean[] rowNulls, long hash) {
        int mask = slots.length - 1;
        int slot = (int) (hash ^ (hash >>> 32)) & mask;
        int keyCount = keyTypes.length;
        while (true) {
            int group = slots[slot];
            if (group < 0) {
                return insert(slot, rowCodes, rowNulls);
            }
            boolean same = true;
            int base = group * keyCount;
            for (int k = 0; k < keyCount && same; k++) {
                same = codes[base + k] == rowCodes[k] && nulls[base + k] == rowNulls[k];
            }
            if (same) {
                return group;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int insert(int slot, long[] rowCodes, boolean[] rowNulls) {
        int keyCount = keyTypes.length;
        int group = groups++;
        if ((group + 1) * keyCount > codes.length) {
            codes = Arrays.copyOf(codes, Math.max(codes.length * 2, (group + 1) * keyCount));
            nulls = Arrays.copyOf(nulls, codes.length);
        }
        System.arraycopy(rowCodes, 0, codes, group * keyCount, keyCount);
        System.arraycopy(rowNulls, 0, nulls, group * keyCount, keyCount);
        slots[slot] = group;
        if (groups * 2 > slots.length) {
            rehash();
        }
        return group;
    }

    private void rehash() {
        int keyCount = keyTypes.length;
        slots = new int[slots.length * 2];
        Arrays.fill(slots, -1);
        int mask = slots.length - 1;
        for (int group = 0; group < groups; group++) {
            long hash = 0;
            for (int k = 0; k < keyCount; k++) {
                long code = nulls[group * keyCount + k] ? NULL_CODE : codes[group * keyCount + k];
                hash = (hash + code) * 0x9E3779B97F4A7C15L;
            }
            int slot = (int) (hash ^ (hash >>> 32)) & mask;
            while (slots[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = group;
        }
    }

    boolean isNull(int group, int key) {
        return nulls[group * keyTypes.length + key];
    }

    long code(int group, int key) {
        return codes[group * keyTypes.length + key];
    }

    byte[] string(int group, int key) {
        return dictionaries[key].bytes((int) code(group, key));
    }
}
