package io.sqe.worker.filter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kernels on hand-made vectors: runs at an offset, scratch columns at 0, empty runs, nulls. */
class VectorFilterTest {
    private static final Types.StructType STRUCT = Types.StructType.of(
            Types.NestedField.optional(1, "n", Types.IntegerType.get()),
            Types.NestedField.optional(2, "s", Types.StringType.get()),
            Types.NestedField.optional(3, "w", Types.DecimalType.of(38, 2)));

    private final RootAllocator allocator = new RootAllocator();
    private final IntVector numbers = new IntVector("n", allocator);
    private final VarCharVector strings = new VarCharVector("s", allocator);
    private final DecimalVector wide = new DecimalVector("w", allocator, 38, 2);

    VectorFilterTest() {
        // Output rows 0-2 belong to an earlier run; the run under test is rows 3-8 of the output vector "n", and
        // rows 0-5 of the scratch vectors "s" and "w".
        Integer[] values = {99, 99, 99, 1, null, 3, 4, 5, -6};
        for (int row = 0; row < values.length; row++) {
            if (values[row] == null) {
                numbers.setNull(row);
            } else {
                numbers.setSafe(row, values[row]);
            }
        }
        String[] texts = {"AIR", "AIR REG", null, "", "RAIL", "AI"};
        String[] decimals = {"1e30", "-1e30", "0.01", null, "12345678901234567890.12", "-0.01"};
        for (int row = 0; row < texts.length; row++) {
            if (texts[row] == null) {
                strings.setNull(row);
            } else {
                strings.setSafe(row, texts[row].getBytes(UTF_8));
            }
            if (decimals[row] == null) {
                wide.setNull(row);
            } else {
                wide.setSafe(row, new BigDecimal(decimals[row]).setScale(2));
            }
        }
    }

    @AfterEach
    void tearDown() {
        numbers.close();
        strings.close();
        wide.close();
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void selectsRunRowsAtTheOutputOffsetAndInScratchVectors() {
        assertThat(select(Expressions.greaterThan("n", 2))).containsExactly(2, 3, 4);
        assertThat(select(Expressions.lessThan("n", 2))).containsExactly(0, 5);
        assertThat(select(Expressions.not(Expressions.equal("n", 3)))).containsExactly(0, 3, 4, 5);
        assertThat(select(Expressions.isNull("n"))).containsExactly(1);
        assertThat(select(Expressions.in("s", "AIR", "AIR REG"))).containsExactly(0, 1);
        assertThat(select(Expressions.notIn("s", "AIR", "AIR REG"))).containsExactly(3, 4, 5);
        assertThat(select(Expressions.lessThan("s", "AIR"))).containsExactly(3, 5);
        assertThat(select(Expressions.startsWith("s", "AI"))).containsExactly(0, 1, 5);
        assertThat(select(Expressions.notStartsWith("s", "AI"))).containsExactly(3, 4);
        assertThat(select(Expressions.greaterThan("w", new BigDecimal("0.00")))).containsExactly(0, 2, 4);
        assertThat(select(Expressions.lessThanOrEqual("w", new BigDecimal("-0.01")))).containsExactly(1, 5);
        assertThat(select(Expressions.in("w", new BigDecimal("1e30").setScale(2), new BigDecimal("0.01"))))
                .containsExactly(0, 2);
        assertThat(select(Expressions.or(Expressions.isNull("s"), Expressions.greaterThan("n", 4))))
                .containsExactly(2, 4);
        assertThat(select(Expressions.and(Expressions.notNull("w"), Expressions.or(Expressions.equal("s", ""),
                Expressions.lessThan("n", 0))))).containsExactly(5);
    }

    @Test
    void emptyRunsAndConstants() {
        VectorFilter filter = compile(Expressions.greaterThan("n", 2));
        assertThat(filter.select(3, 0, new int[0])).isZero();
        assertThat(select(Expressions.alwaysTrue())).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(select(Expressions.alwaysFalse())).isEmpty();
        assertThat(select(Expressions.and(Expressions.greaterThan("n", 3), Expressions.lessThan("n", 3)))).isEmpty();
        assertThat(select(Expressions.or(Expressions.alwaysFalse(), Expressions.notNull("n"))))
                .containsExactly(0, 2, 3, 4, 5);
    }

    @Test
    void stringPredicatesRunOncePerDictionaryEntryWhenTheRunHasIds() {
        FakeDictionary dictionary = new FakeDictionary();
        VectorFilter filter = VectorFilter.compile(STRUCT, Expressions.in("s", "AIR", "RAIL"),
                new FieldVector[] {numbers, strings, wide}, new boolean[] {true, false, false}, Map.of(1, dictionary));
        int[] rows = new int[6];

        // The ids say: entries RAIL, AIR, TRUCK, null, AIR, TRUCK; the vector's own values are not read.
        dictionary.hasIds = true;
        assertThat(Arrays.copyOf(rows, filter.select(3, 6, rows))).containsExactly(0, 1, 4);
        assertThat(dictionary.entriesRead).isEqualTo(3);
        assertThat(Arrays.copyOf(rows, filter.select(3, 6, rows))).containsExactly(0, 1, 4);
        assertThat(dictionary.entriesRead).as("evaluated once per dictionary").isEqualTo(3);

        // A run from plain pages: the values in the vector.
        dictionary.hasIds = false;
        assertThat(Arrays.copyOf(rows, filter.select(3, 6, rows))).containsExactly(0, 4);
    }

    /** Three entries: RAIL, AIR, TRUCK. */
    private static final class FakeDictionary implements DictionaryIds {
        private static final byte[] BYTES = "RAILAIRTRUCK".getBytes(UTF_8);
        private static final int[] STARTS = {0, 4, 7};
        private static final int[] LENGTHS = {4, 3, 5};
        private boolean hasIds;
        private int entriesRead;

        @Override
        public boolean runHasIds() {
            return hasIds;
        }

        @Override
        public int[] ids() {
            return new int[] {0, 1, 2, -1, 1, 2};
        }

        @Override
        public int dictionaryVersion() {
            return 1;
        }

        @Override
        public int dictionarySize() {
            return 3;
        }

        @Override
        public byte[] entryBytes() {
            return BYTES;
        }

        @Override
        public int entryStart(int id) {
            entriesRead++;
            return STARTS[id];
        }

        @Override
        public int entryLength(int id) {
            return LENGTHS[id];
        }
    }

    @Test
    void largeInListsAreLookedUpInAHashTable() {
        Integer[] members = {1, 4, -6, 100, 101, 102, 103, 104, 105, 106, 107};
        assertThat(select(Expressions.in("n", (Object[]) members))).containsExactly(0, 3, 5);
        assertThat(select(Expressions.notIn("n", (Object[]) members))).containsExactly(2, 4);
    }

    @Test
    void filtersCompiledFromOneBoundResidualShareItsKeySetsButReadTheirOwnVectors() {
        Integer[] members = {1, 4, -6, 100, 101, 102, 103, 104, 105, 106, 107};
        VectorFilter.BoundResidual residual = VectorFilter.bind(STRUCT, Expressions.and(
                Expressions.in("n", (Object[]) members), Expressions.notIn("n", 100, 101, 102, 103, 104, 105, 106, 107,
                        108)));
        try (IntVector other = new IntVector("n", allocator)) {
            // Another file's run: rows 0-5 of a vector of its own.
            int[] values = {100, 4, 4, 7, -6, 1};
            for (int row = 0; row < values.length; row++) {
                other.setSafe(row, values[row]);
            }
            int[] rows = new int[6];
            VectorFilter first = VectorFilter.compile(residual, new FieldVector[] {numbers, strings, wide},
                    new boolean[] {true, false, false}, Map.of());
            VectorFilter second = VectorFilter.compile(residual, new FieldVector[] {other, strings, wide},
                    new boolean[] {false, false, false}, Map.of());

            assertThat(Arrays.copyOf(rows, first.select(3, 6, rows))).containsExactly(0, 3, 5);
            assertThat(Arrays.copyOf(rows, second.select(0, 6, rows))).containsExactly(1, 2, 4, 5);
            assertThat(residual.keySets).as("one key set per IN list, not per filter").hasSize(2);
        }
    }

    @Test
    void keySetFindsItsKeysWhateverKeyMarksEmptySlots() {
        long[][] sets = {
            {-6, 1, 4, 100, 101, 102, 103, 104, 105},
            {Long.MIN_VALUE, 0, 7, Long.MAX_VALUE},
            {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MIN_VALUE + 2, 9},
        };
        for (long[] set : sets) {
            KeyPredicate.KeySet keys = new KeyPredicate.KeySet(set);
            for (long key : set) {
                assertThat(keys.contains(key)).as("%d in %s", key, Arrays.toString(set)).isTrue();
            }
            for (long absent : new long[] {Long.MIN_VALUE + 3, -5, 2, 8, 99, Long.MAX_VALUE - 1}) {
                assertThat(keys.contains(absent)).as("%d in %s", absent, Arrays.toString(set)).isFalse();
            }
        }
    }

    private int[] select(Expression expression) {
        int[] rows = new int[6];
        int kept = compile(expression).select(3, 6, rows);
        return Arrays.copyOf(rows, kept);
    }

    private VectorFilter compile(Expression expression) {
        return VectorFilter.compile(STRUCT, expression, new FieldVector[] {numbers, strings, wide},
                new boolean[] {true, false, false});
    }
}
