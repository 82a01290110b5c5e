package io.sqe.worker.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqe.planner.ScanPlan;
import io.sqe.planner.ScanPlanner;
import org.apache.arrow.vector.BigIntVector;
import io.sqe.planner.ScanTask;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.Types;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bulk decoder against Iceberg's generic reader as the oracle: every scan runs through both paths and must give
 * the same fields, rows, values and batch sizes, and the decoder must have been the one that read the files.
 */
@SuppressWarnings("deprecation") // GenericAppenderFactory is the simplest way to write test data.
class ParquetBatchReaderTest {
    private static final Map<String, String> STORAGE = Map.of("io-impl", InMemoryFileIO.class.getName());
    private static final int BATCH_SIZE = 1000;

    private static final Schema ALL_TYPES = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "b", Types.BooleanType.get()),
            Types.NestedField.optional(3, "i", Types.IntegerType.get()),
            Types.NestedField.optional(4, "f", Types.FloatType.get()),
            Types.NestedField.optional(5, "d", Types.DoubleType.get()),
            Types.NestedField.optional(6, "dec", Types.DecimalType.of(20, 4)),
            Types.NestedField.optional(7, "dec9", Types.DecimalType.of(9, 2)),
            Types.NestedField.optional(8, "dec18", Types.DecimalType.of(18, 3)),
            Types.NestedField.optional(9, "s", Types.StringType.get()),
            Types.NestedField.optional(10, "category", Types.StringType.get()),
            Types.NestedField.optional(11, "bin", Types.BinaryType.get()),
            Types.NestedField.optional(12, "fx", Types.FixedType.ofLength(4)),
            Types.NestedField.optional(13, "u", Types.UUIDType.get()),
            Types.NestedField.optional(14, "dt", Types.DateType.get()),
            Types.NestedField.optional(15, "t", Types.TimeType.get()),
            Types.NestedField.optional(16, "ts", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(17, "tstz", Types.TimestampType.withZone()),
            Types.NestedField.optional(18, "small", Types.IntegerType.get()));
    private static final List<Integer> ALL_IDS = IntStream.rangeClosed(1, 18).boxed().toList();

    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final Namespace namespace = Namespace.of("ns_" + UUID.randomUUID().toString().replace('-', '_'));
    private final RootAllocator allocator = new RootAllocator();
    private final OracleScans scans = new OracleScans(BATCH_SIZE, allocator);
    private final ScanPlanner planner = new ScanPlanner();

    ParquetBatchReaderTest() {
        catalog.initialize("test", Map.of());
        catalog.createNamespace(namespace);
    }

    @AfterEach
    void tearDown() throws IOException {
        scans.close();
        catalog.close();
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "gzip", "zstd", "uncompressed"})
    void everyTypeWithNullsDictionaryAndPlainPagesAndManyRowGroups(String codec) throws IOException {
        Map<String, String> properties = smallPagesAndRowGroups();
        properties.put(TableProperties.PARQUET_COMPRESSION, codec);
        Table table = create("all_" + codec, ALL_TYPES, PartitionSpec.unpartitioned(), properties);
        append(table, randomRows(ALL_TYPES, 20_000, 7));

        OracleScans.Result result = scans.compare(plan(table, ALL_IDS, Expressions.alwaysTrue(), OptionalLong.empty()));

        assertThat(result.rows()).hasSize(20_000);
        assertThat(result.bulkFiles()).isEqualTo(1);
        assertThat(result.genericFiles()).isZero();
        assertThat(result.column(1)).contains(true, false, null);
        assertThat(result.column(9)).contains("c1", "c7", null);
        // The high-cardinality string column outgrew its dictionary and went on in PLAIN pages.
        assertThat(chunkEncodings(table, "s")).contains(Set.of(Encoding.PLAIN_DICTIONARY, Encoding.PLAIN));
    }

    @Test
    void dataPageVersionTwoWithDictionaryAndRleBooleans() {
        Map<String, String> properties = smallPagesAndRowGroups();
        properties.put(TableProperties.PARQUET_PAGE_VERSION, "v2");
        // parquet-java drops a v2 dictionary that does not pay off on the first page: keep pages large.
        properties.put(TableProperties.PARQUET_PAGE_SIZE_BYTES, "1048576");
        properties.put(TableProperties.PARQUET_DICT_SIZE_BYTES, "1048576");
        Schema schema = new Schema(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "b", Types.BooleanType.get()),
                Types.NestedField.optional(3, "category", Types.StringType.get()),
                Types.NestedField.optional(4, "dec", Types.DecimalType.of(12, 2)),
                Types.NestedField.optional(5, "d", Types.DoubleType.get()));
        Table table = create("v2", schema, PartitionSpec.unpartitioned(), properties);
        List<Record> records = new ArrayList<>();
        Random random = new Random(3);
        for (int row = 0; row < 5_000; row++) {
            records.add(record(schema, (long) (row % 200), random.nextInt(5) == 0 ? null : random.nextBoolean(),
                    random.nextInt(7) == 0 ? null : "c" + random.nextInt(20),
                    new BigDecimal(random.nextInt(100)).movePointLeft(2), (double) random.nextInt(50)));
        }
        append(table, records);

        OracleScans.Result result = scans.compare(
                plan(table, List.of(1, 2, 3, 4, 5), Expressions.alwaysTrue(), OptionalLong.empty()));

        assertThat(result.rows()).hasSize(5_000);
        assertThat(result.bulkFiles()).isEqualTo(1);
    }

    @Test
    void dataPageVersionTwoWithDeltaEncodingsFallsBackToTheGenericReader() {
        Map<String, String> properties = smallPagesAndRowGroups();
        properties.put(TableProperties.PARQUET_PAGE_VERSION, "v2");
        Table table = create("v2_delta", ALL_TYPES, PartitionSpec.unpartitioned(), properties);
        append(table, randomRows(ALL_TYPES, 3_000, 11));

        OracleScans.Result result = scans.compare(plan(table, ALL_IDS, Expressions.alwaysTrue(), OptionalLong.empty()));

        assertThat(result.rows()).hasSize(3_000);
        assertThat(result.bulkFiles()).isZero();
        assertThat(result.genericFiles()).isEqualTo(1);
    }

    @Test
    void splitRangesReadEachRowGroupOnce() {
        Map<String, String> properties = smallPagesAndRowGroups();
        properties.put(TableProperties.SPLIT_SIZE, "1");
        Table table = create("splits", ALL_TYPES, PartitionSpec.unpartitioned(), properties);
        append(table, randomRows(ALL_TYPES, 20_000, 5));
        ScanPlan plan = plan(table, List.of(1, 9, 6), Expressions.alwaysTrue(), OptionalLong.empty());

        OracleScans.Result result = scans.compare(plan);

        assertThat(plan.tasks()).hasSizeGreaterThan(2);
        assertThat(result.bulkFiles()).isEqualTo(plan.tasks().size());
        assertThat(result.column(0)).hasSize(20_000).doesNotHaveDuplicates();
    }

    @Test
    void rowGroupsAreSkippedByStatisticsAndByDictionaries() throws UnsupportedFileException {
        Schema schema = new Schema(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "category", Types.StringType.get()));
        Map<String, String> properties = smallPagesAndRowGroups();
        properties.put(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "8192");
        Table table = create("pruning", schema, PartitionSpec.unpartitioned(), properties);
        List<Record> records = new ArrayList<>();
        for (long id = 0; id < 20_000; id++) {
            // Every row group holds "a" and "z"; only the first rows hold "m", inside every row group's bounds.
            String category = id < 100 ? "m" : id % 2 == 0 ? "a" : "z";
            records.add(GenericRecord.create(schema).copy(Map.of("id", id, "category", category)));
        }
        append(table, records);
        int all = decodedRowGroups(table, Expressions.alwaysTrue());
        assertThat(all).isGreaterThan(4);

        assertThat(decodedRowGroups(table, Expressions.lessThan("id", 50L))).isEqualTo(1);
        assertThat(decodedRowGroups(table, Expressions.equal("category", "m"))).isEqualTo(1);
        assertThat(decodedRowGroups(table, Expressions.in("category", "m", "q"))).isEqualTo(1);
        // A range the dictionaries are not asked about: no row group's statistics rule it out.
        assertThat(decodedRowGroups(table, Expressions.greaterThan("category", "b"))).isEqualTo(all);
    }

    /** The row groups the bulk reader decodes for a scan of column id with {@code filter}. */
    private int decodedRowGroups(Table table, Expression filter) throws UnsupportedFileException {
        ScanPlan plan = plan(table, List.of(1), filter, OptionalLong.empty());
        FooterCache footers = new FooterCache(16);
        int rowGroups = 0;
        try (BigIntVector ids = new BigIntVector("id", allocator)) {
            for (ScanTask task : plan.tasks()) {
                for (FileScanTask file : task.files()) {
                    try (ParquetBatchReader reader = ParquetBatchReader.open(task, new TaskResiduals(task), file,
                            table.io(), footers, List.of(ids), allocator, BATCH_SIZE)) {
                        rowGroups += reader.rowGroupCount();
                    }
                }
            }
        }
        return rowGroups;
    }

    @Test
    void residualFiltersOnProjectedAndOtherColumns() {
        Table table = create("residual", ALL_TYPES, PartitionSpec.unpartitioned(), smallPagesAndRowGroups());
        append(table, randomRows(ALL_TYPES, 20_000, 13));
        List<Expression> filters = List.of(
                Expressions.greaterThan("id", 12_345L),
                Expressions.equal("category", "c3"),
                Expressions.and(Expressions.isNull("i"), Expressions.lessThan("d", 0.0)),
                Expressions.or(Expressions.startsWith("s", "a"), Expressions.greaterThanOrEqual("dec", "1.5000")),
                Expressions.in("dt", "2024-01-05", "2024-01-07"),
                Expressions.notEqual("b", true),
                Expressions.greaterThan("tstz", "2024-01-03T00:00:00+00:00"),
                Expressions.equal("fx", ByteBuffer.wrap(new byte[] {1, 2, 3, 4})),
                Expressions.notNull("u"));

        for (Expression filter : filters) {
            OracleScans.Result projected =
                    scans.compare(plan(table, List.of(1, 9, 10, 2), filter, OptionalLong.empty()));
            OracleScans.Result other = scans.compare(plan(table, List.of(13, 17), filter, OptionalLong.empty()));
            OracleScans.Result count = scans.compare(plan(table, List.of(), filter, OptionalLong.empty()));

            assertThat(projected.bulkFiles()).as(filter.toString()).isPositive();
            assertThat(other.rows()).hasSameSizeAs(projected.rows());
            assertThat(count.rows()).hasSameSizeAs(projected.rows());
        }
        assertThat(scans.compare(plan(table, List.of(1), Expressions.equal("category", "c3"), OptionalLong.empty()))
                .rows()).hasSizeBetween(100, 5_000);
    }

    @Test
    void limitIsHonouredAcrossRowGroups() {
        Table table = create("limit", ALL_TYPES, PartitionSpec.unpartitioned(), smallPagesAndRowGroups());
        append(table, randomRows(ALL_TYPES, 10_000, 17));

        OracleScans.Result limited = scans.compare(plan(table, List.of(1, 9), Expressions.alwaysTrue(),
                OptionalLong.of(2_500)));
        OracleScans.Result filtered = scans.compare(plan(table, List.of(1, 9),
                Expressions.equal("category", "c1"), OptionalLong.of(70)));

        assertThat(limited.rows()).hasSize(2_500);
        assertThat(filtered.rows()).hasSize(70);
    }

    @Test
    void projectionOfASubsetAndAColumnMissingFromTheFile() {
        Table table = create("evolved", ALL_TYPES, PartitionSpec.unpartitioned(), smallPagesAndRowGroups());
        append(table, randomRows(ALL_TYPES, 5_000, 19));
        table.updateSchema().addColumn("added", Types.StringType.get()).addColumn("added_long", Types.LongType.get())
                .commit();
        table.updateSchema().renameColumn("s", "renamed").commit();
        int added = table.schema().findField("added").fieldId();
        int addedLong = table.schema().findField("added_long").fieldId();

        OracleScans.Result result = scans.compare(plan(table, List.of(added, 9, addedLong, 1),
                Expressions.isNull("added"), OptionalLong.empty()));

        assertThat(result.rows()).hasSize(5_000);
        assertThat(result.column(0)).containsOnlyNulls();
        assertThat(result.column(2)).containsOnlyNulls();
        assertThat(result.fields().get(1).getName()).isEqualTo("renamed");
        assertThat(result.bulkFiles()).isEqualTo(1);
    }

    @Test
    void identityPartitionValuesComeFromMetadata() {
        PartitionSpec spec = PartitionSpec.builderFor(ALL_TYPES).identity("category").bucket("id", 3).build();
        Table table = create("partitioned", ALL_TYPES, spec, smallPagesAndRowGroups());
        append(table, randomRows(ALL_TYPES, 4_000, 23));

        OracleScans.Result all = scans.compare(plan(table, List.of(10, 1, 9), Expressions.alwaysTrue(),
                OptionalLong.empty()));
        OracleScans.Result one = scans.compare(plan(table, List.of(1),
                Expressions.and(Expressions.equal("category", "c2"), Expressions.lessThan("i", 20)),
                OptionalLong.empty()));

        assertThat(all.rows()).hasSize(4_000);
        assertThat(all.bulkFiles()).isGreaterThan(10);
        assertThat(one.rows()).isNotEmpty();
    }

    @Test
    void filesWithDeletesUseTheGenericReader() throws IOException {
        Table table = create("deletes", ALL_TYPES, PartitionSpec.unpartitioned(), smallPagesAndRowGroups());
        DataFile data = append(table, randomRows(ALL_TYPES, 2_000, 29)).get(0);
        GenericAppenderFactory factory = new GenericAppenderFactory(table.schema(), table.spec());
        PositionDeleteWriter<Record> writer = factory.newPosDeleteWriter(EncryptedFiles.plainAsEncryptedOutput(
                table.io().newOutputFile(table.location() + "/data/pos-" + UUID.randomUUID() + ".parquet")),
                FileFormat.PARQUET, null);
        try (writer) {
            for (long position : new long[] {0, 5, 1_999}) {
                writer.write(PositionDelete.<Record>create().set(data.location(), position));
            }
        }
        table.newRowDelta().addDeletes(writer.toDeleteFile()).commit();
        // Written after the delete, so the delete does not apply to it.
        append(table, randomRows(ALL_TYPES, 1_000, 31));

        OracleScans.Result result = scans.compare(plan(table, List.of(1, 9), Expressions.alwaysTrue(),
                OptionalLong.empty()));

        assertThat(result.rows()).hasSize(2_997);
        assertThat(result.bulkFiles()).isEqualTo(1);
        assertThat(result.genericFiles()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PARQUET_1_0", "PARQUET_2_0"})
    void fileWithoutFieldIdsIsReadThroughTheNameMapping(String writerVersion, @TempDir Path directory)
            throws IOException {
        Schema schema = new Schema(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "name", Types.StringType.get()),
                Types.NestedField.optional(3, "small", Types.IntegerType.get()),
                Types.NestedField.optional(4, "amount", Types.DecimalType.of(10, 2)),
                Types.NestedField.optional(5, "at", Types.TimestampType.withoutZone()),
                Types.NestedField.optional(6, "flag", Types.BooleanType.get()),
                Types.NestedField.optional(7, "day", Types.DateType.get()),
                Types.NestedField.optional(8, "widened", Types.LongType.get()));
        Table table = create("mapped_" + writerVersion, schema, PartitionSpec.unpartitioned(), Map.of(
                TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(MappingUtil.create(schema))));
        appendForeignFile(table, directory, ParquetProperties.WriterVersion.valueOf(writerVersion));

        OracleScans.Result result = scans.compare(plan(table, List.of(8, 1, 2, 3, 4, 5, 6, 7),
                Expressions.alwaysTrue(), OptionalLong.empty()));
        OracleScans.Result filtered = scans.compare(plan(table, List.of(2, 4),
                Expressions.greaterThan("amount", "0.30"), OptionalLong.empty()));

        assertThat(result.rows()).hasSize(600);
        assertThat(result.bulkFiles()).isEqualTo(1);
        assertThat(result.rows().get(1)).containsExactly(1L, 1L, "n1", -1, new BigDecimal("-0.09"),
                LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1_000_000), true, 1);
        assertThat(filtered.rows()).isNotEmpty();
    }

    /**
     * A file as a non-Iceberg writer leaves it: no field ids, columns in another order than the table's, a decimal
     * stored as BYTE_ARRAY, a smallint, millisecond timestamps, and an int column the table reads as bigint.
     */
    private static void appendForeignFile(Table table, Path directory, ParquetProperties.WriterVersion version)
            throws IOException {
        MessageType fileSchema = org.apache.parquet.schema.Types.buildMessage()
                .optional(PrimitiveType.PrimitiveTypeName.INT32).named("widened")
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("name")
                .required(PrimitiveType.PrimitiveTypeName.INT64).named("id")
                .optional(PrimitiveType.PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true))
                .named("small")
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.decimalType(2, 10))
                .named("amount")
                .optional(PrimitiveType.PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MILLIS)).named("at")
                .optional(PrimitiveType.PrimitiveTypeName.BOOLEAN).named("flag")
                .optional(PrimitiveType.PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named("day")
                .named("foreign");
        Path local = directory.resolve("foreign.parquet");
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(local))
                .withType(fileSchema)
                .withWriterVersion(version)
                // Small v1 pages; one v2 page, as parquet-java drops v2 dictionaries that do not pay off per page.
                .withPageSize(version == ParquetProperties.WriterVersion.PARQUET_1_0 ? 512 : 1 << 20)
                .build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(fileSchema);
            for (int row = 0; row < 600; row++) {
                // Repeating ids keep every column dictionary-encoded under the v2 writer too.
                Group group = groups.newGroup().append("id", (long) (row % 100)).append("widened", row % 50);
                if (row % 7 != 3) {
                    group.append("name", "n" + (row % 40)).append("small", (row % 9) - 2)
                            .append("flag", row % 3 == 1).append("day", row % 30);
                    group.append("amount", Binary.fromConstantByteArray(
                            BigDecimal.valueOf(row % 60 - 10, 2).unscaledValue().toByteArray()));
                    group.append("at", 1_704_067_200_000L + row % 50);
                }
                writer.write(group);
            }
        }
        byte[] bytes = Files.readAllBytes(local);
        String path = table.location() + "/data/foreign-" + UUID.randomUUID() + ".parquet";
        try (OutputStream out = table.io().newOutputFile(path).create()) {
            out.write(bytes);
        }
        table.newAppend().appendFile(DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(path).withFormat(FileFormat.PARQUET).withFileSizeInBytes(bytes.length).withRecordCount(600)
                .build()).commit();
    }

    /** The data encodings of each row group's chunk of a column, from the footers of the table's files. */
    private static List<Set<Encoding>> chunkEncodings(Table table, String column) throws IOException {
        List<Set<Encoding>> encodings = new ArrayList<>();
        try (CloseableIterable<FileScanTask> files = table.newScan().planFiles()) {
            for (FileScanTask file : files) {
                ParquetInputFile input = new ParquetInputFile(table.io().newInputFile(file.file().location()));
                try (ParquetFileReader reader = ParquetFileReader.open(input,
                        ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
                    for (BlockMetaData block : reader.getFooter().getBlocks()) {
                        for (ColumnChunkMetaData chunk : block.getColumns()) {
                            if (chunk.getPath().toDotString().equals(column)) {
                                Set<Encoding> data = EnumSet.copyOf(chunk.getEncodings());
                                data.removeAll(Set.of(Encoding.RLE, Encoding.BIT_PACKED));
                                encodings.add(data);
                            }
                        }
                    }
                }
            }
        }
        return encodings;
    }

    private static Map<String, String> smallPagesAndRowGroups() {
        Map<String, String> properties = new HashMap<>();
        properties.put(TableProperties.PARQUET_PAGE_SIZE_BYTES, "1024");
        // Small enough that high-cardinality columns outgrow their dictionary after a few pages and go on in PLAIN.
        properties.put(TableProperties.PARQUET_DICT_SIZE_BYTES, "8192");
        properties.put(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "131072");
        properties.put(TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT, "100");
        properties.put(TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT, "500");
        return properties;
    }

    private Table create(String name, Schema schema, PartitionSpec spec, Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put(TableProperties.FORMAT_VERSION, "2");
        return catalog.createTable(TableIdentifier.of(namespace, name), schema, spec, all);
    }

    private ScanPlan plan(Table table, List<Integer> fieldIds, Expression filter, OptionalLong limit) {
        return planner.plan(table, fieldIds, filter, STORAGE, "q-" + UUID.randomUUID(), limit);
    }

    /** Writes one file per partition with the table's write properties, and commits them. */
    private static List<DataFile> append(Table table, List<Record> records) {
        PartitionKey key = new PartitionKey(table.spec(), table.schema());
        InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
        Map<PartitionKey, List<Record>> byPartition = new java.util.LinkedHashMap<>();
        for (Record record : records) {
            key.partition(wrapper.wrap(record));
            byPartition.computeIfAbsent(key.copy(), ignored -> new ArrayList<>()).add(record);
        }
        GenericAppenderFactory factory =
                new GenericAppenderFactory(table.schema(), table.spec()).setAll(table.properties());
        List<DataFile> files = new ArrayList<>();
        for (Map.Entry<PartitionKey, List<Record>> partition : byPartition.entrySet()) {
            String path = table.location() + "/data/data-" + UUID.randomUUID() + ".parquet";
            DataWriter<Record> writer = factory.newDataWriter(
                    EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(path)), FileFormat.PARQUET,
                    table.spec().isPartitioned() ? partition.getKey() : null);
            try (writer) {
                partition.getValue().forEach(writer::write);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.add(writer.toDataFile());
        }
        var append = table.newAppend();
        files.forEach(append::appendFile);
        append.commit();
        return files;
    }

    private static Record record(Schema schema, Object... values) {
        GenericRecord record = GenericRecord.create(schema);
        for (int i = 0; i < values.length; i++) {
            record.set(i, values[i]);
        }
        return record;
    }

    /** Rows of ALL_TYPES: about one value in eight null, low- and high-cardinality columns, extremes included. */
    private static List<Record> randomRows(Schema schema, int count, long seed) {
        Random random = new Random(seed);
        List<Record> records = new ArrayList<>(count);
        for (int row = 0; row < count; row++) {
            Object[] values = {
                (long) row,
                random.nextBoolean(),
                row % 1000 == 0 ? Integer.MIN_VALUE : random.nextInt(100) - 50,
                random.nextFloat() * 100 - 50,
                random.nextGaussian() * 1e6,
                new BigDecimal(random.nextLong()).movePointLeft(4).multiply(random.nextBoolean()
                        ? BigDecimal.ONE : new BigDecimal(-1000)).remainder(new BigDecimal("1e16")).setScale(4),
                BigDecimal.valueOf(random.nextInt(2_000_000_000) - 1_000_000_000, 2),
                BigDecimal.valueOf(random.nextLong() % 1_000_000_000_000_000L, 3),
                // Repeating values first (so parquet-java keeps the dictionary), unique ones later (so it overflows).
                row % 2000 < 600 ? "pool" + row % 37 : randomText(random, 1 + random.nextInt(30)),
                "c" + random.nextInt(8),
                randomBytes(random, random.nextInt(20)),
                random.nextInt(3) == 0 ? new byte[] {1, 2, 3, 4} : randomBytes(random, 4).array(),
                new UUID(random.nextLong(), random.nextLong()),
                LocalDate.of(2024, 1, 1).plusDays(random.nextInt(10) - 1000 * (row % 2)),
                LocalTime.ofNanoOfDay((random.nextLong() & Long.MAX_VALUE) % 86_400_000_000L * 1000),
                LocalDateTime.of(2024, 1, 1, 0, 0).plusNanos((random.nextLong() % 864_000_000_000L) * 1000),
                OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                        .plusNanos((random.nextLong() % 864_000_000_000L) * 1000),
                random.nextInt(5) - 2,
            };
            for (int column = 1; column < values.length; column++) {
                if (random.nextInt(8) == 0) {
                    values[column] = null;
                }
            }
            if (row % 3000 < 40) {
                // A run of rows where every optional column is null: pages and runs with no values at all.
                for (int column = 1; column < values.length; column++) {
                    values[column] = null;
                }
            }
            records.add(record(schema, values));
        }
        return records;
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(i % 11 == 5 ? 'é' : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static ByteBuffer randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }
}
