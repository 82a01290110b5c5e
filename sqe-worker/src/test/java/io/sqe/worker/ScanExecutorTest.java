package io.sqe.worker;

import static io.sqe.worker.WorkerTestTables.STORAGE;
import static io.sqe.worker.WorkerTestTables.append;
import static io.sqe.worker.WorkerTestTables.record;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.engine.BatchSource;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.ScanPlan;
import io.sqe.planner.ScanPlanner;
import io.sqe.planner.ScanTask;
import io.sqe.planner.ScanTaskCodec;
import io.sqe.planner.aggregation.ScanAggregation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.io.TempDir;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.Text;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScanExecutorTest {
    private static final Schema ALL_TYPES = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "b", Types.BooleanType.get()),
            Types.NestedField.optional(3, "i", Types.IntegerType.get()),
            Types.NestedField.optional(4, "f", Types.FloatType.get()),
            Types.NestedField.optional(5, "d", Types.DoubleType.get()),
            Types.NestedField.optional(6, "dec", Types.DecimalType.of(20, 4)),
            Types.NestedField.optional(7, "s", Types.StringType.get()),
            Types.NestedField.optional(8, "bin", Types.BinaryType.get()),
            Types.NestedField.optional(9, "fx", Types.FixedType.ofLength(4)),
            Types.NestedField.optional(10, "u", Types.UUIDType.get()),
            Types.NestedField.optional(11, "dt", Types.DateType.get()),
            Types.NestedField.optional(12, "t", Types.TimeType.get()),
            Types.NestedField.optional(13, "ts", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(14, "tstz", Types.TimestampType.withZone()));

    private static final Schema PEOPLE = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()),
            Types.NestedField.optional(3, "region", Types.StringType.get()),
            Types.NestedField.optional(4, "ts", Types.TimestampType.withoutZone()));

    private final WorkerTestTables tables = new WorkerTestTables();
    private final RootAllocator allocator = new RootAllocator();
    private final ScanExecutor executor = new ScanExecutor(2);
    private final ScanPlanner planner = new ScanPlanner();

    @AfterEach
    void tearDown() {
        executor.close();
        tables.close();
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void readsEveryTypeIncludingNulls() {
        Table table = tables.create("all_types", ALL_TYPES, PartitionSpec.unpartitioned());
        UUID uuid = UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7");
        List<Object> full = List.of(1L, true, 42, 1.5f, 2.25d, new BigDecimal("12345.6789"), "héllo wörld",
                ByteBuffer.wrap(new byte[] {1, 2, 3}), new byte[] {9, 8, 7, 6}, uuid, LocalDate.of(2024, 2, 29),
                LocalTime.of(23, 59, 58, 123_456_000), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_901_000),
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6_000, ZoneOffset.ofHours(-3)));
        List<Object> negative = List.of(3L, false, -7, -0.5f, -1e300d, new BigDecimal("-0.0001"), "",
                ByteBuffer.wrap(new byte[0]), new byte[] {0, 0, 0, 0}, new UUID(0, 0), LocalDate.of(1900, 1, 1),
                LocalTime.MIDNIGHT, LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
                OffsetDateTime.of(1969, 12, 31, 23, 0, 0, 0, ZoneOffset.UTC));
        Object[] nulls = new Object[14];
        nulls[0] = 2L;
        append(table, List.of(record(ALL_TYPES, full.toArray()), record(ALL_TYPES, nulls),
                record(ALL_TYPES, negative.toArray())));
        List<Integer> allIds = IntStream.rangeClosed(1, 14).boxed().toList();

        ScanResult result = scan(table, allIds, Expressions.alwaysTrue(), OptionalLong.empty());

        assertThat(result.fields()).extracting(Field::getName)
                .containsExactly("id", "b", "i", "f", "d", "dec", "s", "bin", "fx", "u", "dt", "t", "ts", "tstz");
        assertThat(result.fields().get(13).getType())
                .isEqualTo(new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MICROSECOND, "UTC"));
        assertThat(result.batchSizes()).containsExactly(2, 1);
        List<Object> expectedNulls = new ArrayList<>(Arrays.asList(nulls));
        assertThat(result.rows()).containsExactly(expected(full), expected(expectedNulls), expected(negative));
    }

    @Test
    void partitionFilterPrunesFilesAndReadsPartitionColumns() {
        PartitionSpec spec = PartitionSpec.builderFor(PEOPLE).identity("region").day("ts").bucket("id", 4).build();
        Table table = tables.create("partitioned", PEOPLE, spec);
        append(table, List.of(
                person(1, "ann", "eu", "2024-01-01T10:00:00"),
                person(2, "bob", "eu", "2024-01-02T10:00:00"),
                person(3, "cid", "us", "2024-01-01T11:00:00"),
                person(4, "dan", "us", "2024-01-02T12:00:00"),
                person(5, "eve", "ap", "2024-01-03T13:00:00")));

        Expression europe = Expressions.equal("region", "eu");
        ScanPlan plan = planner.plan(table, List.of(2, 3), europe, STORAGE, "q1");
        ScanResult result = execute(plan);

        assertThat(plan.statistics().totalDataFiles()).isEqualTo(5);
        assertThat(plan.statistics().scannedDataFiles()).isEqualTo(2);
        assertThat(result.rows()).containsExactlyInAnyOrder(List.of("ann", "eu"), List.of("bob", "eu"));

        ScanResult oneDay = scan(table, List.of(1, 3),
                Expressions.and(Expressions.equal("region", "us"),
                        Expressions.greaterThanOrEqual("ts", "2024-01-02T00:00:00")),
                OptionalLong.empty());
        assertThat(oneDay.rows()).containsExactly(List.of(4L, "us"));
    }

    @Test
    void minMaxStatisticsSkipAFileAndTheResidualFiltersRows() {
        Table table = tables.create("minmax", PEOPLE, PartitionSpec.unpartitioned());
        append(table, people(1, 10));
        append(table, people(11, 20));

        ScanPlan plan = planner.plan(table, List.of(1), Expressions.greaterThan("id", 15L), STORAGE, "q1");
        ScanResult result = execute(plan);

        assertThat(plan.statistics().totalDataFiles()).isEqualTo(2);
        assertThat(plan.statistics().scannedDataFiles()).isEqualTo(1);
        assertThat(result.column(0)).containsExactly(16L, 17L, 18L, 19L, 20L);
    }

    @Test
    void residualOnAColumnThatIsNotProjected() {
        Table table = tables.create("residual", PEOPLE, PartitionSpec.unpartitioned());
        append(table, people(1, 10));

        ScanResult result = scan(table, List.of(1),
                Expressions.or(Expressions.equal("name", "p3"), Expressions.startsWith("name", "p1")),
                OptionalLong.empty());

        assertThat(result.fields()).extracting(Field::getName).containsExactly("id");
        assertThat(result.column(0)).containsExactlyInAnyOrder(1L, 3L, 10L);
    }

    @Test
    void appliesPositionAndEqualityDeletes() {
        Table table = tables.create("deletes", PEOPLE, PartitionSpec.unpartitioned());
        DataFile data = append(table, people(1, 10));
        table.newRowDelta()
                .addDeletes(WorkerTestTables.positionDeletes(table, data, null, 0, 3))
                .addDeletes(WorkerTestTables.equalityDeletes(table, 2, null, "p7", "p9"))
                .commit();

        ScanPlan plan = planner.plan(table, List.of(1), Expressions.alwaysTrue(), STORAGE, "q1");
        ScanResult ids = execute(plan);
        // The equality delete column (name) is not projected: the reader must still load it to apply the deletes.
        ScanResult names = scan(table, List.of(3), Expressions.alwaysTrue(), OptionalLong.empty());

        assertThat(plan.statistics().deleteFiles()).isEqualTo(2);
        assertThat(ids.column(0)).containsExactly(2L, 3L, 5L, 6L, 8L, 10L);
        assertThat(names.rows()).hasSize(6);
    }

    @Test
    void honoursTheLimitAcrossFilesAndBatches() {
        Table table = tables.create("limit", PEOPLE, PartitionSpec.unpartitioned());
        append(table, people(1, 5));
        append(table, people(6, 10));

        ScanResult result = scan(table, List.of(1), Expressions.alwaysTrue(), OptionalLong.of(3));
        ScanResult none = scan(table, List.of(1), Expressions.alwaysTrue(), OptionalLong.of(0));

        assertThat(result.rows()).hasSize(3);
        assertThat(result.batchSizes()).containsExactly(2, 1);
        assertThat(none.rows()).isEmpty();
    }

    @Test
    void readsColumnsByFieldIdAfterRenames() {
        Table table = tables.create("renamed", PEOPLE, PartitionSpec.unpartitioned());
        append(table, people(1, 3));
        table.updateSchema().renameColumn("name", "full_name").commit();
        table.updateSchema().addColumn("name", Types.StringType.get()).commit();
        int newNameId = table.schema().findField("name").fieldId();

        ScanResult result = scan(table, List.of(2, newNameId, 1), Expressions.equal("full_name", "p2"),
                OptionalLong.empty());

        assertThat(result.fields()).extracting(Field::getName).containsExactly("full_name", "name", "id");
        assertThat(result.rows()).containsExactly(Arrays.asList("p2", null, 2L));
    }

    @Test
    void emptyProjectionCountsRows() {
        Table table = tables.create("count", PEOPLE, PartitionSpec.unpartitioned());
        append(table, people(1, 5));

        ScanResult result = scan(table, List.of(), Expressions.alwaysTrue(), OptionalLong.empty());

        assertThat(result.fields()).isEmpty();
        assertThat(result.batchSizes()).containsExactly(2, 2, 1);
    }

    @Test
    void emptyTableProducesNothing() {
        Table table = tables.create("empty", PEOPLE, PartitionSpec.unpartitioned());

        assertThat(planner.plan(table, List.of(1), Expressions.alwaysTrue(), STORAGE, "q1").tasks()).isEmpty();
    }

    @Test
    void cancelStopsBetweenBatches() {
        Table table = tables.create("cancel", PEOPLE, PartitionSpec.unpartitioned());
        append(table, people(1, 10));
        byte[] task = ScanTaskCodec.encode(
                planner.plan(table, List.of(1), Expressions.alwaysTrue(), STORAGE, "q-cancel").tasks().get(0));

        try (ScanBatches batches = executor.execute(task, allocator)) {
            assertThat(batches.next()).isTrue();
            batches.cancel();
            assertThatThrownBy(batches::next)
                    .isInstanceOf(SqeException.class)
                    .hasMessageContaining("q-cancel was cancelled")
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.USER_CANCELED);
        }
    }

    @Test
    void cancelStopsAPushedAggregationBeforeItReadsTheScan() {
        Table table = tables.create("cancel_aggregate", PEOPLE, PartitionSpec.unpartitioned());
        append(table, people(1, 40));
        ScanAggregation countStar = new ScanAggregation(Optional.empty(), List.of(), List.of(),
                List.of(new ScanAggregation.Aggregate(ScanAggregation.Function.COUNT_STAR, -1,
                        io.sqe.planner.aggregation.ScanType.of(io.sqe.planner.aggregation.ScanType.Kind.LONG))));
        byte[] task = ScanTaskCodec.encode(planner.plan(table, List.of(1), Expressions.alwaysTrue(), STORAGE,
                "q-cancel-aggregate").tasks().get(0).withAggregation(countStar));

        try (BatchSource counted = executor.open(task, allocator)) {
            assertThat(counted.next()).isTrue();
            assertThat(((BigIntVector) counted.root().getVector(0)).get(0)).isEqualTo(40L);
        }
        try (BatchSource cancelled = executor.open(task, allocator)) {
            cancelled.cancel();
            assertThatThrownBy(cancelled::next)
                    .isInstanceOf(SqeException.class)
                    .hasMessageContaining("q-cancel-aggregate was cancelled while aggregating table")
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.USER_CANCELED);
        }
    }

    @Test
    void missingDataFileIsAStorageErrorWithoutCredentials() {
        Table table = tables.create("missing", PEOPLE, PartitionSpec.unpartitioned());
        String path = table.location() + "/data/gone.parquet";
        table.newAppend().appendFile(DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(path).withFormat(FileFormat.PARQUET).withFileSizeInBytes(100).withRecordCount(3).build())
                .commit();
        Map<String, String> storage = new HashMap<>(STORAGE);
        storage.put("s3.secret-access-key", "hunter2");
        byte[] task = ScanTaskCodec.encode(
                planner.plan(table, List.of(1), Expressions.alwaysTrue(), storage, "q1").tasks().get(0));

        try (ScanBatches batches = executor.execute(task, allocator)) {
            assertThatThrownBy(batches::next)
                    .isInstanceOf(SqeException.class)
                    .hasMessageContaining("Cannot read data file " + path)
                    .hasMessageContaining(table.name())
                    .hasMessageNotContaining("hunter2")
                    .hasMessageNotContaining("\tat ")
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.STORAGE_ERROR);
        }
    }

    @Test
    void malformedTaskIsRejectedBeforeAllocating() {
        assertThatThrownBy(() -> executor.execute("{\"format-version\":1}".getBytes(UTF_8), allocator))
                .isInstanceOf(SqeException.class)
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(allocator.getChildAllocators()).isEmpty();
    }

    @Test
    void nestedColumnIsNotSupported() {
        Schema schema = new Schema(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "tags", Types.ListType.ofOptional(3, Types.StringType.get())));
        Table table = tables.create("nested", schema, PartitionSpec.unpartitioned());
        append(table, List.of(record(schema, 1L, List.of("a"))));
        byte[] task = ScanTaskCodec.encode(
                planner.plan(table, List.of(1, 2), Expressions.alwaysTrue(), STORAGE, "q1").tasks().get(0));

        assertThatThrownBy(() -> executor.execute(task, allocator))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("Column tags")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.NOT_SUPPORTED);
        assertThat(allocator.getChildAllocators()).isEmpty();
        assertThat(scan(table, List.of(1), Expressions.alwaysTrue(), OptionalLong.empty()).column(0))
                .containsExactly(1L);
    }

    @Test
    void readsFilesWithoutFieldIdsThroughTheNameMapping(@TempDir Path directory) throws IOException {
        Table table = tables.create("mapped", PEOPLE, PartitionSpec.unpartitioned());
        table.updateProperties()
                .set(TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(MappingUtil.create(PEOPLE)))
                .commit();
        appendFileWithoutFieldIds(table, directory);

        ScanResult result = scan(table, List.of(1, 2, 3), Expressions.alwaysTrue(), OptionalLong.empty());

        assertThat(result.rows()).containsExactly(Arrays.asList(7L, "zoe", null), Arrays.asList(8L, null, null));
    }

    @Test
    void fileWithoutFieldIdsOrNameMappingFailsWithAHint(@TempDir Path directory) throws IOException {
        Table table = tables.create("unmapped", PEOPLE, PartitionSpec.unpartitioned());
        String path = appendFileWithoutFieldIds(table, directory);

        assertThatThrownBy(() -> scan(table, List.of(1, 2), Expressions.alwaysTrue(), OptionalLong.empty()))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("Data file " + path)
                .hasMessageContaining("schema.name-mapping.default")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.STORAGE_ERROR);
    }

    /**
     * Appends a Parquet file as a non-Iceberg writer leaves it: no field ids, and columns in another order than the
     * table's, so reading by position would put names into the id column.
     */
    private static String appendFileWithoutFieldIds(Table table, Path directory) throws IOException {
        MessageType fileSchema = org.apache.parquet.schema.Types.buildMessage()
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("name")
                .required(PrimitiveType.PrimitiveTypeName.INT64).named("id")
                .named("people");
        Path local = directory.resolve("foreign.parquet");
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(local))
                .withType(fileSchema)
                .build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(fileSchema);
            writer.write(groups.newGroup().append("name", "zoe").append("id", 7L));
            writer.write(groups.newGroup().append("id", 8L));
        }
        byte[] bytes = Files.readAllBytes(local);
        String path = table.location() + "/data/foreign-" + UUID.randomUUID() + ".parquet";
        try (OutputStream out = table.io().newOutputFile(path).create()) {
            out.write(bytes);
        }
        table.newAppend().appendFile(DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(path).withFormat(FileFormat.PARQUET).withFileSizeInBytes(bytes.length).withRecordCount(2)
                .build()).commit();
        return path;
    }

    private ScanResult scan(Table table, List<Integer> fieldIds, Expression filter, OptionalLong limit) {
        return execute(planner.plan(table, fieldIds, filter, STORAGE, "q-" + UUID.randomUUID(), limit));
    }

    /** Runs every task of the plan through the codec and the executor, the way a worker receives it. */
    private ScanResult execute(ScanPlan plan) {
        ScanResult result = new ScanResult(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (ScanTask task : plan.tasks()) {
            try (ScanBatches batches = executor.execute(ScanTaskCodec.encode(task), allocator)) {
                result.fields().clear();
                result.fields().addAll(batches.root().getSchema().getFields());
                while (batches.next()) {
                    VectorSchemaRoot root = batches.root();
                    result.batchSizes().add(root.getRowCount());
                    for (int row = 0; row < root.getRowCount(); row++) {
                        List<Object> values = new ArrayList<>();
                        for (FieldVector vector : root.getFieldVectors()) {
                            values.add(javaValue(vector, row));
                        }
                        result.rows().add(values);
                    }
                }
                assertThat(batches.root().getRowCount()).isZero();
            }
        }
        return result;
    }

    private static Object javaValue(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof DateDayVector) {
            return LocalDate.ofEpochDay(((DateDayVector) vector).get(row));
        }
        if (vector instanceof TimeMicroVector) {
            return LocalTime.ofNanoOfDay(((TimeMicroVector) vector).get(row) * 1000);
        }
        if (vector instanceof TimeStampMicroTZVector) {
            long micros = ((TimeStampMicroTZVector) vector).get(row);
            return OffsetDateTime.ofInstant(java.time.Instant.EPOCH.plusNanos(micros * 1000), ZoneOffset.UTC);
        }
        Object value = vector.getObject(row);
        if (value instanceof Text) {
            return value.toString();
        }
        if (value instanceof byte[]) {
            return ByteBuffer.wrap((byte[]) value);
        }
        return value;
    }

    /** The values as the Arrow side shows them: UUIDs as text, bytes as buffers, instants in UTC. */
    private static List<Object> expected(List<Object> values) {
        return values.stream().map(value -> {
            if (value instanceof UUID) {
                return value.toString();
            }
            if (value instanceof byte[]) {
                return ByteBuffer.wrap((byte[]) value);
            }
            if (value instanceof OffsetDateTime) {
                return ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC);
            }
            return value;
        }).collect(Collectors.toCollection(ArrayList::new));
    }

    private static Record person(long id, String name, String region, String timestamp) {
        return record(PEOPLE, id, name, region, LocalDateTime.parse(timestamp));
    }

    private static List<Record> people(long from, long to) {
        List<Record> records = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            records.add(person(id, "p" + id, "eu", "2024-01-01T00:00:00"));
        }
        return records;
    }

    private record ScanResult(List<Field> fields, List<List<Object>> rows, List<Integer> batchSizes) {
        List<Object> column(int index) {
            return rows.stream().map(row -> row.get(index)).collect(Collectors.toList());
        }
    }
}
