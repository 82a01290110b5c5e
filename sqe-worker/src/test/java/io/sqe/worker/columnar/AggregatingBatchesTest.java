package io.sqe.worker.columnar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.engine.BatchSource;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.aggregation.ScanAggregation;
import io.sqe.planner.aggregation.ScanAggregation.Aggregate;
import io.sqe.planner.aggregation.ScanAggregation.Function;
import io.sqe.planner.aggregation.ScanExpression;
import io.sqe.planner.aggregation.ScanExpression.Call;
import io.sqe.planner.aggregation.ScanExpression.Column;
import io.sqe.planner.aggregation.ScanExpression.Literal;
import io.sqe.planner.aggregation.ScanExpression.Operator;
import io.sqe.planner.aggregation.ScanType;
import io.sqe.planner.aggregation.ScanType.Kind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AggregatingBatchesTest {
    private static final ScanType INT = ScanType.of(Kind.INT);
    private static final ScanType LONG = ScanType.of(Kind.LONG);
    private static final ScanType DOUBLE = ScanType.of(Kind.DOUBLE);
    private static final ScanType DATE = ScanType.of(Kind.DATE);
    private static final ScanType STRING = ScanType.of(Kind.STRING);
    private static final ScanType BOOLEAN = ScanType.of(Kind.BOOLEAN);
    private static final ScanType PRICE = ScanType.decimal(15, 2);

    /** Columns: 0 i int, 1 l bigint, 2 price decimal(15,2), 3 x double, 4 day date, 5 s varchar. */
    private static final Object[][] ROWS = {
        {1, 10L, "100.50", 0.5, 19000, "a"},
        {2, null, "200.25", 1.5, 19001, "b"},
        {null, 30L, null, null, null, "a"},
        {4, 40L, "-5.75", 2.0, 19000, null},
        {5, 50L, "0.01", -1.0, 19002, "b"},
    };

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void tearDown() {
        allocator.close();
    }

    @Test
    void groupsByStringKeysWithNullAsItsOwnGroup() {
        ScanAggregation aggregation = new ScanAggregation(Optional.empty(),
                List.of(column(5, STRING), column(0, INT), column(1, LONG), column(2, PRICE), column(4, DATE),
                        column(3, DOUBLE)),
                List.of(0),
                List.of(new Aggregate(Function.COUNT_STAR, -1, LONG), new Aggregate(Function.COUNT, 1, LONG),
                        new Aggregate(Function.SUM, 2, LONG), new Aggregate(Function.SUM, 3, ScanType.decimal(38, 2)),
                        new Aggregate(Function.MIN, 4, DATE), new Aggregate(Function.MAX, 3, PRICE),
                        new Aggregate(Function.SUM, 5, DOUBLE), new Aggregate(Function.SUM, 1, INT)));

        Map<Object, List<Object>> groups = run(aggregation, batches(ROWS, 2));

        assertThat(groups).containsOnlyKeys("a", "b", "<null>");
        assertThat(groups.get("a")).containsExactly(2L, 1L, 40L, new BigDecimal("100.50"), 19000, new BigDecimal("100.50"),
                0.5, 1);
        assertThat(groups.get("b")).containsExactly(2L, 2L, 50L, new BigDecimal("200.26"), 19001,
                new BigDecimal("200.25"), 0.5, 7);
        assertThat(groups.get("<null>")).containsExactly(1L, 1L, 40L, new BigDecimal("-5.75"), 19000,
                new BigDecimal("-5.75"), 2.0, 4);
    }

    @Test
    void filterIsThreeValuedAndSelectsBeforeProjecting() {
        // i > 1 AND (s = 'b' OR day IS NULL OR x < 0): rows 2 (b), 3 (null i: unknown -> dropped), 5 (b)
        ScanExpression condition = call(Operator.AND, BOOLEAN,
                call(Operator.GREATER, BOOLEAN, column(0, INT), literal("1", INT)),
                call(Operator.OR, BOOLEAN,
                        call(Operator.EQUAL, BOOLEAN, column(5, STRING), literal("b", STRING)),
                        call(Operator.IS_NULL, BOOLEAN, column(4, DATE)),
                        call(Operator.LESS, BOOLEAN, column(3, DOUBLE), literal("0", INT))));
        ScanAggregation aggregation = new ScanAggregation(Optional.of(condition),
                List.of(call(Operator.MULTIPLY, LONG, column(0, INT), call(Operator.CAST, LONG, column(0, INT)))),
                List.of(),
                List.of(new Aggregate(Function.COUNT_STAR, -1, LONG), new Aggregate(Function.SUM, 0, LONG)));

        assertThat(run(aggregation, batches(ROWS, 3)).get("<global>")).containsExactly(2L, 29L);
    }

    @Test
    void decimalArithmeticIsExactBeyondTheLongRange() {
        // price * (1 - price) * (1 + price): decimal(15,2) -> scale 6; big values overflow a long per row and in sums.
        ScanType big = ScanType.decimal(18, 2);
        ScanExpression price = column(0, big);
        ScanExpression charge = call(Operator.MULTIPLY, ScanType.decimal(38, 6),
                call(Operator.MULTIPLY, ScanType.decimal(38, 4), price,
                        call(Operator.SUBTRACT, ScanType.decimal(19, 2), literal("1", INT), price)),
                call(Operator.ADD, ScanType.decimal(19, 2), literal("1", INT), price));
        ScanAggregation aggregation = new ScanAggregation(Optional.empty(), List.of(charge, price), List.of(),
                List.of(new Aggregate(Function.SUM, 0, ScanType.decimal(38, 6)),
                        new Aggregate(Function.MIN, 0, ScanType.decimal(38, 6)),
                        new Aggregate(Function.SUM, 1, ScanType.decimal(38, 2))));
        String[] values = {"99999999.99", "0.07", "-99999999.99", "123456.12", "99999999.99"};
        List<VectorSchemaRoot> batches = new ArrayList<>();
        BigDecimal expectedCharge = BigDecimal.ZERO;
        BigDecimal expectedMin = null;
        BigDecimal expectedSum = BigDecimal.ZERO;
        for (int batch = 0; batch < 3; batch++) {
            VectorSchemaRoot root = VectorSchemaRoot.of(new DecimalVector("price", allocator, 18, 2));
            DecimalVector vector = (DecimalVector) root.getVector(0);
            vector.allocateNew();
            for (int row = 0; row < values.length; row++) {
                BigDecimal value = new BigDecimal(values[row]);
                vector.setSafe(row, value);
                BigDecimal product = value.multiply(BigDecimal.ONE.subtract(value)).multiply(BigDecimal.ONE.add(value));
                expectedCharge = expectedCharge.add(product);
                expectedMin = expectedMin == null || product.compareTo(expectedMin) < 0 ? product : expectedMin;
                expectedSum = expectedSum.add(value);
            }
            root.setRowCount(values.length);
            batches.add(root);
        }

        List<Object> result = run(aggregation, batches).get("<global>");

        assertThat(result).containsExactly(expectedCharge.setScale(6), expectedMin.setScale(6), expectedSum);
    }

    @Test
    void literalsServeBatchesThatGrowAndShrink() {
        // l > 15 and i * 2 + 1 over batches of 2, 2, 1, 5, 1, 1, 1, 1 and 1 rows: each literal's arrays, filled for
        // one batch, must serve or be refilled for the next. i + NULL is null on every row.
        ScanAggregation aggregation = new ScanAggregation(
                Optional.of(call(Operator.GREATER, BOOLEAN, column(1, LONG), literal("15", LONG))),
                List.of(call(Operator.ADD, LONG, call(Operator.MULTIPLY, LONG, column(0, INT), literal("2", LONG)),
                                literal("1", LONG)),
                        call(Operator.ADD, LONG, column(0, INT), literal(null, LONG))),
                List.of(),
                List.of(new Aggregate(Function.SUM, 0, LONG), new Aggregate(Function.COUNT_STAR, -1, LONG),
                        new Aggregate(Function.COUNT, 1, LONG)));
        List<VectorSchemaRoot> batches = new ArrayList<>(batches(ROWS, 2));
        batches.addAll(batches(ROWS, 5));
        batches.addAll(batches(ROWS, 1));

        // Rows with l > 15: (null, 30), (4, 40), (5, 50); i * 2 + 1 sums to 9 + 11 per copy of ROWS.
        assertThat(run(aggregation, batches).get("<global>")).containsExactly(60L, 9L, 0L);
    }

    @Test
    void shortAndLongStringKeysAreTheirOwnGroups() {
        // Keys of 0 to 9 bytes, some a prefix of another, and a string with a zero byte, repeated across batches:
        // strings under 8 bytes take the packed lookup, the rest the hashed one.
        String[] keys = {"", "a", "a\0", "ab", "abcdefg", "abcdefgh", "abcdefghi", "b", "abcdefg\0"};
        List<VectorSchemaRoot> batches = new ArrayList<>();
        for (int batch = 0; batch < 3; batch++) {
            VectorSchemaRoot root = VectorSchemaRoot.of(new VarCharVector("s", allocator), new BigIntVector("n", allocator));
            VarCharVector strings = (VarCharVector) root.getVector(0);
            BigIntVector numbers = (BigIntVector) root.getVector(1);
            strings.allocateNew();
            numbers.allocateNew();
            for (int row = 0; row < keys.length + 1; row++) {
                if (row < keys.length) {
                    strings.setSafe(row, keys[(row + batch) % keys.length].getBytes(StandardCharsets.UTF_8));
                }
                numbers.setSafe(row, row == keys.length ? 100 : (row + batch) % keys.length);
            }
            root.setRowCount(keys.length + 1);
            batches.add(root);
        }
        ScanAggregation aggregation = new ScanAggregation(Optional.empty(), List.of(column(0, STRING), column(1, LONG)),
                List.of(0), List.of(new Aggregate(Function.COUNT_STAR, -1, LONG), new Aggregate(Function.SUM, 1, LONG)));

        Map<Object, List<Object>> groups = run(aggregation, batches);

        assertThat(groups).hasSize(keys.length + 1);
        for (int k = 0; k < keys.length; k++) {
            assertThat(groups.get(keys[k])).as("group of %s", keys[k]).containsExactly(3L, 3L * k);
        }
        assertThat(groups.get("<null>")).containsExactly(3L, 300L);
    }

    @Test
    void aLongCastToADecimalBeyondTheLongRangeStaysExact() {
        // No nulls: the conversion's fast loop. Long.MAX_VALUE * 100 leaves the long range, 5 * 100 does not.
        VectorSchemaRoot root = VectorSchemaRoot.of(new BigIntVector("l", allocator));
        BigIntVector longs = (BigIntVector) root.getVector(0);
        longs.allocateNew(3);
        longs.set(0, Long.MAX_VALUE);
        longs.set(1, 5);
        longs.set(2, Long.MIN_VALUE);
        root.setRowCount(3);
        ScanType decimal = ScanType.decimal(38, 2);
        ScanAggregation aggregation = new ScanAggregation(Optional.empty(),
                List.of(call(Operator.CAST, decimal, column(0, LONG))), List.of(),
                List.of(new Aggregate(Function.MAX, 0, decimal), new Aggregate(Function.MIN, 0, decimal),
                        new Aggregate(Function.SUM, 0, decimal)));

        assertThat(run(aggregation, List.of(root)).get("<global>")).containsExactly(
                new BigDecimal(Long.MAX_VALUE).setScale(2), new BigDecimal(Long.MIN_VALUE).setScale(2),
                new BigDecimal("4.00"));
    }

    @Test
    void widenedComparisonsAndCasts() {
        // price >= 100.5 compares a decimal(15,2) column with a decimal literal of another scale; x * i is double.
        ScanAggregation aggregation = new ScanAggregation(
                Optional.of(call(Operator.GREATER_OR_EQUAL, BOOLEAN, column(2, PRICE),
                        literal("100.500", ScanType.decimal(6, 3)))),
                List.of(call(Operator.MULTIPLY, DOUBLE, column(3, DOUBLE), column(0, INT)),
                        call(Operator.CAST, ScanType.decimal(20, 4), column(2, PRICE)),
                        call(Operator.CAST, DOUBLE, column(2, PRICE))),
                List.of(),
                List.of(new Aggregate(Function.SUM, 0, DOUBLE), new Aggregate(Function.MAX, 1, ScanType.decimal(20, 4)),
                        new Aggregate(Function.MIN, 2, DOUBLE)));

        assertThat(run(aggregation, batches(ROWS, 5)).get("<global>"))
                .containsExactly(3.5, new BigDecimal("200.2500"), 100.5);
    }

    @Test
    void emptyInputGivesNoRowsEvenWithoutGroupKeys() {
        ScanAggregation aggregation = new ScanAggregation(
                Optional.of(call(Operator.LESS, BOOLEAN, column(0, INT), literal(null, INT))),
                List.of(column(1, LONG)), List.of(), List.of(new Aggregate(Function.COUNT_STAR, -1, LONG)));

        assertThat(run(aggregation, batches(ROWS, 2))).isEmpty();
        assertThat(run(aggregation, List.of())).isEmpty();
    }

    @Test
    void manyGroupsAcrossBatchesAndOutputBatches() {
        int rows = 50_000;
        List<VectorSchemaRoot> batches = new ArrayList<>();
        for (int start = 0; start < rows; start += 4096) {
            int count = Math.min(4096, rows - start);
            VectorSchemaRoot root = VectorSchemaRoot.of(new BigIntVector("k", allocator),
                    new VarCharVector("s", allocator));
            BigIntVector keys = (BigIntVector) root.getVector(0);
            VarCharVector strings = (VarCharVector) root.getVector(1);
            keys.allocateNew(count);
            strings.allocateNew();
            for (int row = 0; row < count; row++) {
                keys.set(row, (start + row) % 20_000);
                strings.setSafe(row, ("s" + (start + row) % 7).getBytes(StandardCharsets.UTF_8));
            }
            root.setRowCount(count);
            batches.add(root);
        }
        ScanAggregation aggregation = new ScanAggregation(Optional.empty(),
                List.of(column(0, LONG), column(1, STRING)), List.of(0, 1),
                List.of(new Aggregate(Function.COUNT_STAR, -1, LONG), new Aggregate(Function.SUM, 0, LONG)));

        Map<Object, List<Object>> groups = run(aggregation, batches);

        // Rows r, r + 20000 and r + 40000 share k but not s (20000 is not a multiple of 7): every (k, s) is new.
        assertThat(groups).hasSize(rows);
        long total = groups.values().stream().mapToLong(values -> (Long) values.get(0)).sum();
        assertThat(total).isEqualTo(rows);
    }

    @Test
    void manyGroupsOfOneNumericKeyWithNulls() {
        // One bigint key: its own table, grown many times; every 10th row has a null key. Keys are multiples of
        // 2^32 too, so codes that differ only in their high bits must not collide into one group.
        int rows = 60_000;
        List<VectorSchemaRoot> batches = new ArrayList<>();
        for (int start = 0; start < rows; start += 4096) {
            int count = Math.min(4096, rows - start);
            VectorSchemaRoot root = VectorSchemaRoot.of(new BigIntVector("k", allocator));
            BigIntVector keys = (BigIntVector) root.getVector(0);
            keys.allocateNew(count);
            for (int row = 0; row < count; row++) {
                int r = start + row;
                if (r % 10 == 0) {
                    keys.setNull(row);
                } else {
                    keys.set(row, (long) (r % 20_000) << 32);
                }
            }
            root.setRowCount(count);
            batches.add(root);
        }
        ScanAggregation aggregation = new ScanAggregation(Optional.empty(), List.of(column(0, LONG)), List.of(0),
                List.of(new Aggregate(Function.COUNT_STAR, -1, LONG)));

        Map<Object, List<Object>> groups = run(aggregation, batches);

        // Keys r % 20000 for r not a multiple of 10: 18,000 distinct values, each from three rows.
        assertThat(groups).hasSize(18_001);
        assertThat(groups.get("<null>")).containsExactly(6_000L);
        assertThat(groups.get(7L << 32)).containsExactly(3L);
        assertThat(groups.values().stream().mapToLong(values -> (Long) values.get(0)).sum()).isEqualTo(rows);
    }

    @Test
    void integerOverflowIsAnError() {
        ScanAggregation aggregation = new ScanAggregation(Optional.empty(),
                List.of(call(Operator.MULTIPLY, LONG, column(1, LONG), literal(String.valueOf(Long.MAX_VALUE), LONG))),
                List.of(), List.of(new Aggregate(Function.SUM, 0, LONG)));

        assertThatThrownBy(() -> run(aggregation, batches(ROWS, 5)))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("does not fit type long")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE);
    }

    @Test
    void sumsOfValuesWithoutNullsGoOnPastTheLongRange() {
        // Each d (9e17) fits a long, and so do the sums of the first batch; the sums of all 40 (one group, or two) do not.
        long big = 900_000_000_000_000_000L;
        ScanType decimal = ScanType.decimal(18, 0);
        List<ScanExpression> columns = List.of(column(0, decimal), column(1, LONG), column(2, LONG));
        List<Aggregate> sums = List.of(new Aggregate(Function.SUM, 0, ScanType.decimal(38, 0)),
                new Aggregate(Function.SUM, 2, LONG));

        Map<Object, List<Object>> global = run(new ScanAggregation(Optional.empty(), columns, List.of(), sums),
                sameValueBatches(big));
        Map<Object, List<Object>> grouped = run(new ScanAggregation(Optional.empty(), columns, List.of(1), sums),
                sameValueBatches(big));

        BigDecimal bigValue = BigDecimal.valueOf(big);
        assertThat(global.get("<global>")).containsExactly(bigValue.multiply(BigDecimal.valueOf(40)), 780L);
        assertThat(grouped.get(0L)).containsExactly(bigValue.multiply(BigDecimal.valueOf(20)), 380L);
        assertThat(grouped.get(1L)).containsExactly(bigValue.multiply(BigDecimal.valueOf(20)), 400L);
        for (List<Integer> keys : List.of(List.<Integer>of(), List.of(1))) {
            ScanAggregation bigints = new ScanAggregation(Optional.empty(),
                    List.of(column(3, LONG), column(1, LONG)), keys,
                    List.of(new Aggregate(Function.SUM, 0, LONG)));
            assertThatThrownBy(() -> run(bigints, sameValueBatches(big)))
                    .as("keys %s", keys)
                    .isInstanceOf(SqeException.class)
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE);
        }
    }

    @Test
    void aDecimalResultBeyondItsPrecisionIsAnError() {
        // The sum is 295.01 and the minimum -5.75: five and three digits, one more than each result type holds.
        for (Aggregate aggregate : List.of(new Aggregate(Function.SUM, 0, ScanType.decimal(4, 2)),
                new Aggregate(Function.MIN, 0, ScanType.decimal(2, 2)))) {
            ScanAggregation aggregation = new ScanAggregation(Optional.empty(), List.of(column(2, PRICE)), List.of(),
                    List.of(aggregate));

            assertThatThrownBy(() -> run(aggregation, batches(ROWS, 2)))
                    .as(aggregate.toString())
                    .isInstanceOf(SqeException.class)
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE);
        }
        ScanAggregation fits = new ScanAggregation(Optional.empty(), List.of(column(2, PRICE)), List.of(),
                List.of(new Aggregate(Function.SUM, 0, ScanType.decimal(5, 2)),
                        new Aggregate(Function.MIN, 0, ScanType.decimal(3, 2))));
        assertThat(run(fits, batches(ROWS, 2)).get("<global>"))
                .containsExactly(new BigDecimal("295.01"), new BigDecimal("-5.75"));
    }

    @Test
    void cancelStopsBetweenInputBatchesEvenWhenTheInputIgnoresIt() {
        ScanAggregation aggregation = new ScanAggregation(Optional.empty(), List.of(column(1, LONG)), List.of(),
                List.of(new Aggregate(Function.COUNT_STAR, -1, LONG)));
        List<VectorSchemaRoot> batches = new ArrayList<>();
        for (int copy = 0; copy < 20; copy++) {
            batches.addAll(batches(ROWS, 5));
        }
        int[] inputBatches = new int[1];
        AggregatingBatches[] aggregating = new AggregatingBatches[1];
        ListSource input = new ListSource(batches) {
            @Override
            public boolean next() {
                inputBatches[0]++;
                if (inputBatches[0] == 3) {
                    // Another thread would call this while the first next() is consuming the input.
                    aggregating[0].cancel();
                }
                return super.next();
            }
        };
        try (AggregatingBatches aggregation1 = new AggregatingBatches(input, aggregation, "test", allocator, 1000,
                "Query q1 was cancelled")) {
            aggregating[0] = aggregation1;
            assertThatThrownBy(aggregation1::next)
                    .isInstanceOf(SqeException.class)
                    .hasMessage("Query q1 was cancelled")
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.USER_CANCELED);
            assertThat(inputBatches[0]).isEqualTo(3);
            assertThat(aggregation1.inputRows()).isEqualTo(15);
            assertThatThrownBy(aggregation1::next).isInstanceOf(SqeException.class);
        }
    }

    private Map<Object, List<Object>> run(ScanAggregation aggregation, List<VectorSchemaRoot> batches) {
        Map<Object, List<Object>> groups = new HashMap<>();
        try (AggregatingBatches aggregating = new AggregatingBatches(new ListSource(batches), aggregation, "test",
                allocator, 1000, "cancelled")) {
            while (aggregating.next()) {
                VectorSchemaRoot root = aggregating.root();
                int keys = aggregation.groupKeys().size();
                for (int row = 0; row < root.getRowCount(); row++) {
                    List<Object> values = new ArrayList<>();
                    List<Object> key = new ArrayList<>();
                    for (int column = 0; column < root.getFieldVectors().size(); column++) {
                        Object value = value(root.getVector(column), row);
                        (column < keys ? key : values).add(value);
                    }
                    Object groupKey = keys == 0 ? "<global>" : key.size() == 1
                            ? (key.get(0) == null ? "<null>" : key.get(0)) : key;
                    assertThat(groups.put(groupKey, values)).as("group %s appears once", groupKey).isNull();
                }
            }
        }
        return groups;
    }

    private static Object value(FieldVector vector, int row) {
        Object value = vector.getObject(row);
        return value instanceof org.apache.arrow.vector.util.Text ? value.toString() : value;
    }

    /**
     * Columns d decimal(18,0) = {@code value}, k bigint = row % 2, l bigint = row, b bigint = {@code value}; 40 rows in
     * batches of 7.
     */
    private List<VectorSchemaRoot> sameValueBatches(long value) {
        List<VectorSchemaRoot> batches = new ArrayList<>();
        for (int start = 0; start < 40; start += 7) {
            int count = Math.min(7, 40 - start);
            VectorSchemaRoot root = VectorSchemaRoot.of(new DecimalVector("d", allocator, 18, 0),
                    new BigIntVector("k", allocator), new BigIntVector("l", allocator), new BigIntVector("b", allocator));
            root.allocateNew();
            for (int row = 0; row < count; row++) {
                ((DecimalVector) root.getVector(0)).setSafe(row, BigDecimal.valueOf(value));
                ((BigIntVector) root.getVector(1)).setSafe(row, (start + row) % 2);
                ((BigIntVector) root.getVector(2)).setSafe(row, start + row);
                ((BigIntVector) root.getVector(3)).setSafe(row, value);
            }
            root.setRowCount(count);
            batches.add(root);
        }
        return batches;
    }

    /** Splits ROWS-style data into batches of {@code size} rows. */
    private List<VectorSchemaRoot> batches(Object[][] rows, int size) {
        List<VectorSchemaRoot> batches = new ArrayList<>();
        for (int start = 0; start < rows.length; start += size) {
            int count = Math.min(size, rows.length - start);
            VectorSchemaRoot root = VectorSchemaRoot.of(new IntVector("i", allocator), new BigIntVector("l", allocator),
                    new DecimalVector("price", allocator, 15, 2), new Float8Vector("x", allocator),
                    new DateDayVector("day", allocator), new VarCharVector("s", allocator));
            root.allocateNew();
            for (int row = 0; row < count; row++) {
                Object[] values = rows[start + row];
                if (values[0] != null) {
                    ((IntVector) root.getVector(0)).setSafe(row, (Integer) values[0]);
                }
                if (values[1] != null) {
                    ((BigIntVector) root.getVector(1)).setSafe(row, (Long) values[1]);
                }
                if (values[2] != null) {
                    ((DecimalVector) root.getVector(2)).setSafe(row, new BigDecimal((String) values[2]));
                }
                if (values[3] != null) {
                    ((Float8Vector) root.getVector(3)).setSafe(row, (Double) values[3]);
                }
                if (values[4] != null) {
                    ((DateDayVector) root.getVector(4)).setSafe(row, (Integer) values[4]);
                }
                if (values[5] != null) {
                    ((VarCharVector) root.getVector(5)).setSafe(row, ((String) values[5]).getBytes(StandardCharsets.UTF_8));
                }
            }
            root.setRowCount(count);
            batches.add(root);
        }
        return batches;
    }

    private static ScanExpression column(int index, ScanType type) {
        return new Column(index, type);
    }

    private static ScanExpression literal(String value, ScanType type) {
        return new Literal(Optional.ofNullable(value), type);
    }

    private static ScanExpression call(Operator operator, ScanType type, ScanExpression... operands) {
        return new Call(operator, List.of(operands), type);
    }

    /** Hands out prepared batches one by one, closing each when the next is asked for. */
    private static class ListSource implements BatchSource {
        private final Iterator<VectorSchemaRoot> batches;
        private VectorSchemaRoot current;
        private final List<VectorSchemaRoot> all;

        ListSource(List<VectorSchemaRoot> batches) {
            this.all = batches;
            this.batches = batches.iterator();
        }

        @Override
        public VectorSchemaRoot root() {
            return current;
        }

        @Override
        public boolean next() {
            if (!batches.hasNext()) {
                return false;
            }
            current = batches.next();
            return true;
        }

        @Override
        public void cancel() {}

        @Override
        public void close() {
            all.forEach(VectorSchemaRoot::close);
        }
    }
}
