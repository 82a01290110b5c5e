package io.sqe.coordinator.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongKeyIndexTest {
    @Test
    void findsEveryRowOfEachKeyInBuildOrderAndNothingForAbsentOrNullKeys() {
        long[] keys = {5, 7, 5, Long.MIN_VALUE, 0, 7, 5, -1, 0};
        boolean[] nulls = {false, false, false, false, true, false, false, false, false};
        LongKeyIndex index = new LongKeyIndex(keys, nulls, keys.length);

        assertThat(rows(index, 5)).containsExactly(0, 2, 6);
        assertThat(rows(index, 7)).containsExactly(1, 5);
        assertThat(rows(index, Long.MIN_VALUE)).containsExactly(3);
        assertThat(rows(index, -1)).containsExactly(7);
        assertThat(rows(index, 0)).as("row 4 is null, row 8 is not").containsExactly(8);
        assertThat(index.find(6)).isZero();
        assertThat(index.find(Long.MAX_VALUE)).isZero();
    }

    @Test
    void findAllGivesEachProbeKeyItsEntryAndNullKeysNone() {
        long[] keys = {5, 7, 5, 9};
        LongKeyIndex index = new LongKeyIndex(keys, null, keys.length);
        long[] probe = {7, 5, 6, 9, 5, 99};
        boolean[] nulls = {false, false, false, false, true, false};

        long[] entries = index.findAll(probe, nulls, 5);

        assertThat(entries).hasSize(5);
        assertThat(entries[0]).isEqualTo(index.find(7)).isNotZero();
        assertThat(entries[1]).isEqualTo(index.find(5));
        assertThat(LongKeyIndex.count(entries[1])).isEqualTo(2);
        assertThat(entries[2]).isZero();
        assertThat(entries[3]).isEqualTo(index.find(9)).isNotZero();
        assertThat(entries[4]).as("a null key matches nothing").isZero();
        assertThat(index.findAll(probe, null, 6)[4]).isEqualTo(index.find(5));
    }

    @Test
    void anEmptyBuildSideFindsNothing() {
        LongKeyIndex index = new LongKeyIndex(new long[0], null, 0);
        assertThat(index.find(0)).isZero();
        assertThat(index.find(42)).isZero();
    }

    @Test
    void agreesWithAMapOverManyCollidingKeys() {
        Random random = new Random(7);
        int size = 100_000;
        long[] keys = new long[size];
        for (int i = 0; i < size; i++) {
            // multiples of a power of two collide in a hash of the low bits; a third of the keys repeat
            keys[i] = random.nextInt(3) == 0 ? random.nextInt(1000) << 20 : (long) i << 32;
        }
        LongKeyIndex index = new LongKeyIndex(keys, null, size);
        java.util.Map<Long, List<Integer>> expected = new java.util.HashMap<>();
        for (int i = 0; i < size; i++) {
            expected.computeIfAbsent(keys[i], key -> new ArrayList<>()).add(i);
        }
        expected.forEach((key, rows) -> assertThat(rows(index, key)).as("key %d", key).isEqualTo(rows));
        assertThat(index.find(3)).isZero();
    }

    private static List<Integer> rows(LongKeyIndex index, long key) {
        long entry = index.find(key);
        List<Integer> rows = new ArrayList<>();
        int count = LongKeyIndex.count(entry);
        if (count == 1) {
            rows.add(LongKeyIndex.start(entry));
        }
        for (int i = 0; count > 1 && i < count; i++) {
            rows.add(index.row(LongKeyIndex.start(entry) + i));
        }
        return rows;
    }
}
