package io.sqe.worker.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqe.planner.ScanPlan;
import io.sqe.planner.ScanPlanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.expressions.And;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.Not;
import org.apache.iceberg.expressions.Or;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The residual filter of both scan paths (the bulk decoder's {@code VectorFilter}, the generic reader's
 * {@code RowFilter}) against an oracle over generated data written as real Parquet files: Iceberg's own bound
 * predicates decide every non-null value, and SQL's three-valued logic combines them (a predicate on a null is
 * unknown, NOT of unknown is unknown, only certainly true rows pass). The rows kept must also be a subset of what
 * Iceberg's row {@link Evaluator} keeps (it orders nulls first instead), and equal to them where no value is null.
 */
@SuppressWarnings("deprecation") // GenericAppenderFactory is the simplest way to write test data.
class ResidualFilterOracleTest {
    private static final Map<String, String> STORAGE = Map.of("io-impl", InMemoryFileIO.class.getName());
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "i", Types.IntegerType.get()),
            Types.NestedField.optional(3, "l", Types.LongType.get()),
            Types.NestedField.optional(4, "dt", Types.DateType.get()),
            Types.NestedField.optional(5, "ts", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(6, "f", Types.FloatType.get()),
            Types.NestedField.optional(7, "d", Types.DoubleType.get()),
            Types.NestedField.optional(8, "dec9", Types.DecimalType.of(9, 2)),
            Types.NestedField.optional(9, "dec18", Types.DecimalType.of(18, 3)),
            Types.NestedField.optional(10, "dec30", Types.DecimalType.of(30, 4)),
            Types.NestedField.optional(11, "mode", Types.StringType.get()),
            Types.NestedField.optional(12, "s", Types.StringType.get()),
            Types.NestedField.optional(13, "b", Types.BooleanType.get()),
            Types.NestedField.optional(14, "u", Types.UUIDType.get()),
            Types.NestedField.optional(15, "t", Types.TimeType.get()),
            Types.NestedField.required(16, "req", Types.IntegerType.get()));
    private static final String[] MODES = {"AIR", "AIR REG", "RAIL", "SHIP", "TRUCK", "", "é-mail", "FOB"};
    // Positive high words only: Iceberg 1.11 compares UUID bounds as signed longs but Parquet's statistics are
    // unsigned bytes, so its pruning drops files that hold a UUID with the high bit set (apache/iceberg#14500).
    private static final UUID[] UUIDS = {new UUID(1, 2), new UUID(5, 7), new UUID(42, -42)};

    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final RootAllocator allocator = new RootAllocator();
    private final OracleScans scans = new OracleScans(1000, allocator);
    private final ScanPlanner planner = new ScanPlanner();

    ResidualFilterOracleTest() {
        catalog.initialize("test", Map.of());
        catalog.createNamespace(Namespace.of("ns"));
    }

    @AfterEach
    void tearDown() throws IOException {
        scans.close();
        catalog.close();
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void everyPredicateKindAndTypeAgainstTheOracle() {
        Table table = create("oracle", smallPagesAndRowGroups());
        List<Record> records = randomRows(12_000, 21);
        append(table, records);

        List<Expression> filters = predicates(records, new Random(5));
        assertThat(filters).hasSizeGreaterThan(150);
        int nonTrivial = 0;
        for (int f = 0; f < filters.size(); f++) {
            Expression filter = filters.get(f);
            Set<Long> expected = oracle(records, filter);
            // Half the filters project the columns they read, half read them only to filter.
            List<Integer> projection = f % 2 == 0 ? List.of(1) : projectionWith(filter);
            OracleScans.Result result = scans.compare(plan(table, projection, filter));
            assertThat(result.bulkFiles()).as(filter.toString()).isEqualTo(result.files());
            assertThat(ids(result)).as(filter.toString()).isEqualTo(expected);
            if (!expected.isEmpty() && expected.size() < records.size()) {
                nonTrivial++;
            }
        }
        assertThat(nonTrivial).isGreaterThan(filters.size() / 2);
    }

    @Test
    void allRowsNoRowsAndPlainPagesOnly() {
        Map<String, String> properties = smallPagesAndRowGroups();
        properties.put(TableProperties.PARQUET_DICT_SIZE_BYTES, "1");
        Table table = create("plain", properties);
        List<Record> records = randomRows(5_000, 8);
        append(table, records);

        for (Expression filter : List.of(Expressions.alwaysTrue(), Expressions.alwaysFalse(),
                Expressions.greaterThanOrEqual("id", 0L), Expressions.lessThan("id", 0L),
                Expressions.notNull("req"), Expressions.isNull("req"), Expressions.notEqual("mode", "nothing"),
                Expressions.or(Expressions.isNull("s"), Expressions.notNull("s")),
                Expressions.and(Expressions.greaterThan("i", 10), Expressions.lessThan("i", -10)),
                Expressions.in("mode", "AIR", "AIR REG"), Expressions.startsWith("s", "p"))) {
            OracleScans.Result result = scans.compare(plan(table, List.of(1, 11, 12), filter));
            assertThat(ids(result)).as(filter.toString()).isEqualTo(oracle(records, filter));
        }
        assertThat(ids(scans.compare(plan(table, List.of(1), Expressions.notNull("req"))))).hasSize(5_000);
        assertThat(ids(scans.compare(plan(table, List.of(1), Expressions.lessThan("id", 0L))))).isEmpty();
    }

    @Test
    void negativeZeroEqualsZeroAndNanIsAboveEveryNumber() {
        Table table = create("zeros", Map.of());
        List<Record> records = new ArrayList<>();
        double[] values = {-0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5, -1.5};
        for (int row = 0; row < values.length; row++) {
            records.add(row(row, 0, 0L, null, null, (float) values[row], values[row], null, null, null, null, null,
                    null, null, null));
        }
        append(table, records);

        assertThat(ids(scans.compare(plan(table, List.of(1), Expressions.equal("d", 0.0))))).containsExactly(0L, 1L);
        assertThat(ids(scans.compare(plan(table, List.of(1), Expressions.equal("f", 0.0f))))).containsExactly(0L, 1L);
        assertThat(ids(scans.compare(plan(table, List.of(1), Expressions.lessThan("d", 0.0)))))
                .containsExactly(4L, 6L);
        assertThat(ids(scans.compare(plan(table, List.of(1), Expressions.greaterThan("d", 1.0)))))
                .containsExactly(2L, 3L, 5L);
        assertThat(ids(scans.compare(plan(table, List.of(1, 6), Expressions.isNaN("f"))))).containsExactly(2L);
        assertThat(ids(scans.compare(plan(table, List.of(1), Expressions.notNaN("d"))))).hasSize(6);
    }

    private static Set<Long> ids(OracleScans.Result result) {
        Set<Long> ids = new TreeSet<>();
        for (Object id : result.column(0)) {
            ids.add((Long) id);
        }
        assertThat(ids).hasSameSizeAs(result.rows());
        return ids;
    }

    private static List<Integer> projectionWith(Expression filter) {
        Set<Integer> ids = new LinkedHashSet<>();
        ids.add(1);
        ids.addAll(Binder.boundReferences(SCHEMA.asStruct(), List.of(filter), true));
        return List.copyOf(ids);
    }

    /** The ids of the rows the filter is certainly true for, checked against Iceberg's Evaluator on the way. */
    private static Set<Long> oracle(List<Record> records, Expression filter) {
        Expression bound = Binder.bind(SCHEMA.asStruct(), filter, true);
        Evaluator iceberg = new Evaluator(SCHEMA.asStruct(), filter, true);
        Set<Integer> referenced = Binder.boundReferences(SCHEMA.asStruct(), List.of(filter), true);
        InternalRecordWrapper wrapper = new InternalRecordWrapper(SCHEMA.asStruct());
        Set<Long> kept = new TreeSet<>();
        for (Record record : records) {
            StructLike row = wrapper.wrap(record);
            Boolean outcome = evaluate(bound, row);
            if (Boolean.TRUE.equals(outcome)) {
                kept.add((Long) record.getField("id"));
            }
            Optional<Boolean> icebergKeeps = icebergOutcome(iceberg, row);
            if (icebergKeeps.isEmpty()) {
                continue;
            }
            if (Boolean.TRUE.equals(outcome)) {
                assertThat(icebergKeeps.get()).as("Iceberg keeps %s for %s", record, filter).isTrue();
            } else if (referenced.stream().allMatch(id -> record.getField(SCHEMA.findColumnName(id)) != null)) {
                assertThat(icebergKeeps.get()).as("Iceberg drops %s for %s", record, filter).isFalse();
            }
        }
        return kept;
    }

    /** Iceberg's Evaluator fails on a null for IN over strings (its CharSequenceSet refuses nulls): no answer then. */
    private static Optional<Boolean> icebergOutcome(Evaluator evaluator, StructLike row) {
        try {
            return Optional.of(evaluator.eval(row));
        } catch (NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Three-valued: null is unknown. */
    private static Boolean evaluate(Expression expression, StructLike row) {
        switch (expression.op()) {
            case TRUE:
                return true;
            case FALSE:
                return false;
            case NOT:
                Boolean inner = evaluate(((Not) expression).child(), row);
                return inner == null ? null : !inner;
            case AND: {
                Boolean left = evaluate(((And) expression).left(), row);
                Boolean right = evaluate(((And) expression).right(), row);
                if (Boolean.FALSE.equals(left) || Boolean.FALSE.equals(right)) {
                    return false;
                }
                return left == null || right == null ? null : true;
            }
            case OR: {
                Boolean left = evaluate(((Or) expression).left(), row);
                Boolean right = evaluate(((Or) expression).right(), row);
                if (Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right)) {
                    return true;
                }
                return left == null || right == null ? null : false;
            }
            default:
                BoundPredicate<?> predicate = (BoundPredicate<?>) expression;
                Object value = predicate.term().eval(row);
                switch (predicate.op()) {
                    case IS_NULL:
                        return value == null;
                    case NOT_NULL:
                        return value != null;
                    default:
                        return value == null ? null : test(predicate, value);
                }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean test(BoundPredicate predicate, Object value) {
        return predicate.test(value);
    }

    /** Every predicate kind on every column, literals taken from the data (so they match) and from outside it. */
    private static List<Expression> predicates(List<Record> records, Random random) {
        List<Expression> filters = new ArrayList<>();
        String[] ordered = {"i", "l", "dt", "ts", "f", "d", "dec9", "dec18", "dec30", "mode", "s", "t", "req"};
        for (String column : ordered) {
            List<Object> values = sample(records, column, random, 6);
            Object value = values.get(0);
            filters.add(Expressions.equal(column, value));
            filters.add(Expressions.notEqual(column, value));
            filters.add(Expressions.lessThan(column, value));
            filters.add(Expressions.lessThanOrEqual(column, values.get(1)));
            filters.add(Expressions.greaterThan(column, values.get(2)));
            filters.add(Expressions.greaterThanOrEqual(column, values.get(3)));
            filters.add(Expressions.in(column, values.subList(0, 3)));
            filters.add(Expressions.notIn(column, values.subList(2, 4)));
            filters.add(Expressions.in(column, values));
            filters.add(Expressions.isNull(column));
            filters.add(Expressions.notNull(column));
            filters.add(Expressions.not(Expressions.lessThan(column, values.get(4))));
            filters.add(Expressions.not(Expressions.in(column, values.subList(3, 6))));
            filters.add(Expressions.and(Expressions.greaterThanOrEqual(column, min(values)),
                    Expressions.lessThan(column, max(values))));
            filters.add(Expressions.or(Expressions.lessThan(column, min(values)),
                    Expressions.greaterThan(column, max(values))));
        }
        for (String column : List.of("f", "d")) {
            filters.add(Expressions.isNaN(column));
            filters.add(Expressions.notNaN(column));
            filters.add(Expressions.not(Expressions.isNaN(column)));
        }
        for (String prefix : List.of("AIR", "A", "", "é", "po", "zz")) {
            filters.add(Expressions.startsWith("mode", prefix));
            filters.add(Expressions.notStartsWith("s", prefix));
            filters.add(Expressions.startsWith("s", prefix));
        }
        filters.add(Expressions.equal("b", true));
        filters.add(Expressions.notEqual("b", true));
        filters.add(Expressions.lessThan("b", true));
        filters.add(Expressions.isNull("b"));
        filters.add(Expressions.equal("u", UUIDS[1]));
        filters.add(Expressions.notIn("u", UUIDS[0], UUIDS[2]));
        filters.add(Expressions.greaterThan("u", UUIDS[0]));
        // Literals outside every value, and ones only a wider type holds.
        filters.add(Expressions.lessThan("i", Integer.MIN_VALUE));
        filters.add(Expressions.greaterThanOrEqual("l", Long.MAX_VALUE));
        filters.add(Expressions.greaterThan("dec30", new BigDecimal("99999999999999999999999999.9999")));
        filters.add(Expressions.lessThan("dec18", new BigDecimal("-999999999999999.999")));
        filters.add(Expressions.equal("mode", "AIR REG "));
        // Combinations: Q6's shape, ORs of ANDs, NOT over AND and OR, constants.
        filters.add(Expressions.and(Expressions.and(Expressions.greaterThanOrEqual("dt", "2024-01-03"),
                Expressions.lessThan("dt", "2024-01-09")), Expressions.and(
                Expressions.greaterThanOrEqual("dec9", new BigDecimal("-5.00")),
                Expressions.lessThanOrEqual("dec9", new BigDecimal("5.00")))));
        filters.add(Expressions.or(Expressions.and(Expressions.equal("mode", "AIR"), Expressions.lessThan("i", 0)),
                Expressions.and(Expressions.startsWith("s", "po"), Expressions.isNull("d"))));
        filters.add(Expressions.not(Expressions.and(Expressions.equal("mode", "RAIL"), Expressions.greaterThan("i", 0))));
        filters.add(Expressions.not(Expressions.or(Expressions.isNull("i"), Expressions.greaterThan("l", 0L))));
        filters.add(Expressions.or(Expressions.or(Expressions.equal("i", 3), Expressions.equal("i", 5)),
                Expressions.or(Expressions.isNull("mode"), Expressions.equal("b", false))));
        filters.add(Expressions.and(Expressions.notNull("s"), Expressions.or(Expressions.alwaysFalse(),
                Expressions.in("mode", "SHIP", "FOB", "é-mail"))));
        filters.add(Expressions.and(Expressions.greaterThan("i", -20), Expressions.and(
                Expressions.lessThan("i", 20), Expressions.notEqual("i", 0))));
        return filters;
    }

    /** Distinct non-null values of a column in Iceberg's internal representation (literals take that). */
    private static List<Object> sample(List<Record> records, String column, Random random, int count) {
        Set<Object> values = new LinkedHashSet<>();
        InternalRecordWrapper wrapper = new InternalRecordWrapper(SCHEMA.asStruct());
        int position = SCHEMA.columns().indexOf(SCHEMA.findField(column));
        while (values.size() < count) {
            Object value = wrapper.wrap(records.get(random.nextInt(records.size()))).get(position, Object.class);
            if (value != null && !(value instanceof Double && ((Double) value).isNaN())
                    && !(value instanceof Float && ((Float) value).isNaN())) {
                values.add(value);
            }
        }
        return new ArrayList<>(values);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object min(List<Object> values) {
        return values.stream().min((a, b) -> ((Comparable) a).compareTo(b)).orElseThrow();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object max(List<Object> values) {
        return values.stream().max((a, b) -> ((Comparable) a).compareTo(b)).orElseThrow();
    }

    private static List<Record> randomRows(int count, long seed) {
        Random random = new Random(seed);
        List<Record> records = new ArrayList<>(count);
        for (int row = 0; row < count; row++) {
            double d = random.nextInt(40) == 0 ? Double.NaN : random.nextInt(200) / 4.0 - 25;
            Record record = row(row, random.nextInt(60) - 30,
                    random.nextBoolean() ? random.nextLong() : (long) random.nextInt(100) - 50,
                    LocalDate.of(2024, 1, 1).plusDays(random.nextInt(12)),
                    LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(random.nextInt(50) * 3600L),
                    random.nextInt(40) == 0 ? Float.NaN : random.nextInt(100) / 2.0f - 20, d,
                    BigDecimal.valueOf(random.nextInt(4000) - 2000, 2),
                    BigDecimal.valueOf(random.nextInt(3) == 0 ? random.nextLong() % 999_999_999_999_999_999L
                            : random.nextInt(100), 3),
                    new BigDecimal(new java.math.BigInteger(100, random)).movePointLeft(4)
                            .multiply(BigDecimal.valueOf(random.nextBoolean() ? 1 : -1))
                            .remainder(new BigDecimal("1e26")).setScale(4),
                    MODES[random.nextInt(MODES.length)],
                    // Repeating values first (the dictionary holds), unique ones after (it overflows to PLAIN).
                    row % 3000 < 900 ? "pool" + row % 23 : text(random),
                    random.nextBoolean(), UUIDS[random.nextInt(UUIDS.length)],
                    LocalTime.ofSecondOfDay(random.nextInt(30) * 60L));
            for (int column = 1; column < 15; column++) {
                if (random.nextInt(7) == 0 || row % 2500 < 30) {
                    record.set(column, null);
                }
            }
            record.set(15, random.nextInt(10));
            records.add(record);
        }
        return records;
    }

    private static Record row(long id, Integer i, Long l, LocalDate dt, LocalDateTime ts, Float f, Double d,
            BigDecimal dec9, BigDecimal dec18, BigDecimal dec30, String mode, String s, Boolean b, UUID u,
            LocalTime t) {
        GenericRecord record = GenericRecord.create(SCHEMA);
        Object[] values = {id, i, l, dt, ts, f, d, dec9, dec18, dec30, mode, s, b, u, t, 1};
        for (int column = 0; column < values.length; column++) {
            record.set(column, values[column]);
        }
        return record;
    }

    private static String text(Random random) {
        int length = random.nextInt(25);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(i % 9 == 4 ? 'é' : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static Map<String, String> smallPagesAndRowGroups() {
        Map<String, String> properties = new HashMap<>();
        properties.put(TableProperties.PARQUET_PAGE_SIZE_BYTES, "1024");
        properties.put(TableProperties.PARQUET_DICT_SIZE_BYTES, "4096");
        properties.put(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "131072");
        properties.put(TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT, "100");
        properties.put(TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT, "500");
        return properties;
    }

    private Table create(String name, Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put(TableProperties.FORMAT_VERSION, "2");
        return catalog.createTable(TableIdentifier.of("ns", name), SCHEMA, PartitionSpec.unpartitioned(), all);
    }

    private ScanPlan plan(Table table, List<Integer> fieldIds, Expression filter) {
        return planner.plan(table, fieldIds, filter, STORAGE, "q-" + UUID.randomUUID(), OptionalLong.empty());
    }

    private static void append(Table table, List<Record> records) {
        GenericAppenderFactory factory =
                new GenericAppenderFactory(table.schema(), table.spec()).setAll(table.properties());
        String path = table.location() + "/data/data-" + UUID.randomUUID() + ".parquet";
        DataWriter<Record> writer = factory.newDataWriter(
                EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(path)), FileFormat.PARQUET, null);
        try (writer) {
            records.forEach(writer::write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        table.newAppend().appendFile(writer.toDataFile()).commit();
    }
}
