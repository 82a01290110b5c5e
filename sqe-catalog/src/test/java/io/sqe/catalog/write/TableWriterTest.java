package io.sqe.catalog.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.embedded.EmbeddedCatalogFactory;
import io.sqe.catalog.partition.PartitionTransforms;
import io.sqe.catalog.testing.GenericsTableScanner;
import io.sqe.core.config.CatalogConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableWriterTest {
    private static final Schema ALL_TYPES = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "b", Types.BooleanType.get()),
            Types.NestedField.optional(3, "i", Types.IntegerType.get()),
            Types.NestedField.optional(4, "l", Types.LongType.get()),
            Types.NestedField.optional(5, "f", Types.FloatType.get()),
            Types.NestedField.optional(6, "d", Types.DoubleType.get()),
            Types.NestedField.optional(7, "dec", Types.DecimalType.of(10, 2)),
            Types.NestedField.optional(8, "s", Types.StringType.get()),
            Types.NestedField.optional(9, "bin", Types.BinaryType.get()),
            Types.NestedField.optional(10, "dt", Types.DateType.get()),
            Types.NestedField.optional(11, "tm", Types.TimeType.get()),
            Types.NestedField.optional(12, "ts", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(13, "tstz", Types.TimestampType.withZone()),
            Types.NestedField.optional(14, "fx", Types.FixedType.ofLength(3)));

    private static final Schema EVENTS = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "ts", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(3, "note", Types.StringType.get()));

    private static final Instant T1 = Instant.parse("2024-02-29T23:59:59.999Z");
    private static final Instant BEFORE_EPOCH = Instant.parse("1969-12-31T23:59:59.999Z");

    @TempDir
    Path warehouse;

    private JdbcCatalog iceberg;
    private SessionCatalog catalog;
    private final TableWriter writer = new TableWriter();

    @BeforeEach
    void setUp() {
        iceberg = EmbeddedCatalogFactory.create(CatalogConfig.embedded(warehouse));
        catalog = new SessionCatalog("iceberg", iceberg);
        catalog.createSchema("demo", false);
    }

    @AfterEach
    void tearDown() throws IOException {
        iceberg.close();
    }

    @Test
    void writesEveryTypeExactly() {
        Table table = catalog.createTable("demo", "all_types", ALL_TYPES, PartitionSpec.unpartitioned(), false);
        List<Object[]> rows = List.<Object[]>of(
                new Object[] {1L, true, 42, 1_234_567_890_123L, 1.5f, 2.25d, new BigDecimal("123.456"), "héllo ✓",
                        new ByteString(new byte[] {1, 2, 3}), days(LocalDate.of(2024, 2, 29)),
                        millisOfDay(LocalTime.of(13, 45, 30, 123_000_000)), T1.toEpochMilli(), T1.toEpochMilli(),
                        new ByteString(new byte[] {9, 8, 7})},
                new Object[] {2L, null, null, null, null, null, null, null, null, null, null, null, null, null},
                new Object[] {3L, false, Integer.MIN_VALUE, Long.MAX_VALUE, -0.0f, Double.MAX_VALUE,
                        new BigDecimal("-5"), "", new ByteString(new byte[0]), days(LocalDate.of(1900, 1, 1)),
                        0, BEFORE_EPOCH.toEpochMilli(), BEFORE_EPOCH.toEpochMilli(),
                        new ByteString(new byte[] {0, 0, 0})});

        assertThat(writer.append(table, rows.iterator())).isEqualTo(3);

        table.refresh();
        List<Record> records = sortedById(GenericsTableScanner.readRecords(table));
        assertThat(records).hasSize(3);
        Record first = records.get(0);
        assertThat(first.getField("id")).isEqualTo(1L);
        assertThat(first.getField("b")).isEqualTo(true);
        assertThat(first.getField("i")).isEqualTo(42);
        assertThat(first.getField("l")).isEqualTo(1_234_567_890_123L);
        assertThat(first.getField("f")).isEqualTo(1.5f);
        assertThat(first.getField("d")).isEqualTo(2.25d);
        assertThat(first.getField("dec")).isEqualTo(new BigDecimal("123.46"));
        assertThat(first.getField("s")).isEqualTo("héllo ✓");
        assertThat(bytes(first.getField("bin"))).containsExactly(1, 2, 3);
        assertThat(first.getField("dt")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(first.getField("tm")).isEqualTo(LocalTime.of(13, 45, 30, 123_000_000));
        assertThat(first.getField("ts")).isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_000_000));
        assertThat(first.getField("tstz"))
                .isEqualTo(OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 999_000_000, ZoneOffset.UTC));
        assertThat(bytes(first.getField("fx"))).containsExactly(9, 8, 7);

        Record second = records.get(1);
        assertThat(second.getField("id")).isEqualTo(2L);
        for (int i = 1; i < ALL_TYPES.columns().size(); i++) {
            assertThat(second.get(i)).as(ALL_TYPES.columns().get(i).name()).isNull();
        }

        Record third = records.get(2);
        assertThat(third.getField("b")).isEqualTo(false);
        assertThat(third.getField("i")).isEqualTo(Integer.MIN_VALUE);
        assertThat(third.getField("l")).isEqualTo(Long.MAX_VALUE);
        assertThat(Float.floatToIntBits((Float) third.getField("f"))).isEqualTo(Float.floatToIntBits(-0.0f));
        assertThat(third.getField("d")).isEqualTo(Double.MAX_VALUE);
        assertThat(third.getField("dec")).isEqualTo(new BigDecimal("-5.00"));
        assertThat(third.getField("s")).isEqualTo("");
        assertThat(bytes(third.getField("bin"))).isEmpty();
        assertThat(third.getField("dt")).isEqualTo(LocalDate.of(1900, 1, 1));
        assertThat(third.getField("tm")).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(third.getField("ts")).isEqualTo(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000));
        assertThat(third.getField("tstz"))
                .isEqualTo(OffsetDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000, ZoneOffset.UTC));

        // And back into Calcite's representation, value for value.
        List<Object[]> readBack = GenericsTableScanner.readCalciteRows(table);
        readBack.sort(Comparator.comparing(row -> (Long) row[0]));
        assertThat(readBack.get(0)).containsExactly(1L, true, 42, 1_234_567_890_123L, 1.5f, 2.25d,
                new BigDecimal("123.46"), "héllo ✓", new ByteString(new byte[] {1, 2, 3}),
                days(LocalDate.of(2024, 2, 29)), millisOfDay(LocalTime.of(13, 45, 30, 123_000_000)),
                T1.toEpochMilli(), T1.toEpochMilli(), new ByteString(new byte[] {9, 8, 7}));

        assertThat(dataFiles(table)).allSatisfy(file -> {
            assertThat(file.format()).isEqualTo(FileFormat.PARQUET);
            assertThat(file.location()).startsWith(table.location() + "/data/");
            assertThat(Path.of(file.location())).exists();
        });
    }

    @Test
    void writesPartitionedTableOneFileSetPerPartition() {
        PartitionSpec spec = PartitionTransforms.toPartitionSpec(EVENTS, List.of("day(ts)", "bucket(id, 16)"));
        Table table = catalog.createTable("demo", "events", EVENTS, spec, false);
        LocalDateTime start = LocalDateTime.of(2024, 3, 1, 0, 0);
        List<Object[]> rows = new ArrayList<>();
        for (long id = 0; id < 300; id++) {
            LocalDateTime ts = start.plusHours(id % 72);
            rows.add(new Object[] {id, ts.toInstant(ZoneOffset.UTC).toEpochMilli(), "event " + id});
        }
        rows.add(new Object[] {300L, null, "no time"});

        assertThat(writer.append(table, rows.iterator())).isEqualTo(301);

        table.refresh();
        List<DataFile> files = dataFiles(table);
        Set<Object> days = files.stream().map(file -> file.partition().get(0, Object.class)).collect(Collectors.toSet());
        assertThat(days).containsExactlyInAnyOrder(
                days(LocalDate.of(2024, 3, 1)), days(LocalDate.of(2024, 3, 2)), days(LocalDate.of(2024, 3, 3)), null);
        assertThat(files).hasSizeGreaterThan(16);
        assertThat(files.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(301);
        assertThat(files).allSatisfy(file -> assertThat(file.location())
                .contains("/data/ts_day=").contains("/id_bucket="));

        List<Record> records = sortedById(GenericsTableScanner.readRecords(table));
        assertThat(records).hasSize(301);
        for (int id = 0; id < 300; id++) {
            assertThat(records.get(id).getField("ts")).isEqualTo(start.plusHours(id % 72));
            assertThat(records.get(id).getField("note")).isEqualTo("event " + id);
        }
        assertThat(records.get(300).getField("ts")).isNull();

        // Partition pruning works on what was written: one day holds a third of the rows.
        try (CloseableIterable<FileScanTask> tasks = table.newScan()
                .filter(org.apache.iceberg.expressions.Expressions.equal("ts", "2024-03-02T05:00:00"))
                .planFiles()) {
            long pruned = 0;
            for (FileScanTask task : tasks) {
                assertThat(task.file().partition().get(0, Integer.class)).isEqualTo(days(LocalDate.of(2024, 3, 2)));
                pruned++;
            }
            assertThat(pruned).isPositive().isLessThan(files.size());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rollsOverToNewFilesAtTheTargetSize() {
        Table table = catalog.createTable("demo", "rolled", EVENTS, PartitionSpec.unpartitioned(), false);
        Iterator<Object[]> rows = LongStream.range(0, 5_000)
                .mapToObj(id -> new Object[] {id, id * 1000, "row " + id})
                .iterator();

        assertThat(new TableWriter(1).append(table, rows)).isEqualTo(5_000);

        table.refresh();
        assertThat(dataFiles(table)).hasSizeGreaterThan(1);
        assertThat(GenericsTableScanner.readRecords(table)).hasSize(5_000);
    }

    @Test
    void everyAppendCommitsExactlyOneSnapshot() {
        Table table = catalog.createTable("demo", "snapshots", EVENTS, PartitionSpec.unpartitioned(), false);
        assertThat(table.snapshots()).isEmpty();

        writer.append(table, List.<Object[]>of(new Object[] {1L, 0L, "a"}, new Object[] {2L, 0L, "b"}).iterator());
        table.refresh();
        assertThat(table.snapshots()).hasSize(1);
        assertThat(table.currentSnapshot().summary()).containsEntry("total-records", "2");

        writer.append(table, List.<Object[]>of(new Object[] {3L, 0L, "c"}).iterator());
        table.refresh();
        assertThat(table.snapshots()).hasSize(2);
        assertThat(table.currentSnapshot().summary()).containsEntry("total-records", "3");

        assertThat(writer.append(table, List.<Object[]>of().iterator())).isZero();
        table.refresh();
        assertThat(table.snapshots()).hasSize(3);
        assertThat(table.currentSnapshot().summary()).containsEntry("total-records", "3");
    }

    @Test
    void rejectsNullInRequiredColumnAndLeavesNoFiles() throws IOException {
        Table table = catalog.createTable("demo", "strict", EVENTS, PartitionSpec.unpartitioned(), false);
        List<Object[]> rows = List.<Object[]>of(new Object[] {1L, 0L, "ok"}, new Object[] {null, 0L, "bad"});

        assertThatThrownBy(() -> writer.append(table, rows.iterator()))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONSTRAINT_VIOLATION))
                .hasMessage("NULL value not allowed for NOT NULL column: id");

        table.refresh();
        assertThat(table.snapshots()).isEmpty();
        assertThat(regularFiles(Path.of(table.location(), "data"))).isEmpty();
    }

    @Test
    void rejectsDecimalsThatDoNotFit() {
        Schema schema = new Schema(Types.NestedField.optional(1, "price", Types.DecimalType.of(5, 2)));
        Table table = catalog.createTable("demo", "prices", schema, PartitionSpec.unpartitioned(), false);

        assertThat(writer.append(table, List.<Object[]>of(new Object[] {new BigDecimal("999.994")}).iterator()))
                .isEqualTo(1);
        assertThatThrownBy(() -> writer.append(table,
                List.<Object[]>of(new Object[] {new BigDecimal("999.995")}).iterator()))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE))
                .hasMessage("Value 999.995 does not fit column 'price' of type decimal(5,2)");

        table.refresh();
        assertThat(GenericsTableScanner.readRecords(table)).singleElement()
                .satisfies(record -> assertThat(record.get(0)).isEqualTo(new BigDecimal("999.99")));
    }

    @Test
    void createTableAsSelectCreatesTableAndDataInOneCommit() {
        PartitionSpec spec = PartitionTransforms.toPartitionSpec(EVENTS, List.of("day(ts)"));
        List<Object[]> rows = List.<Object[]>of(new Object[] {1L, 0L, "a"}, new Object[] {2L, 86_400_000L, "b"});

        assertThat(writer.createTableAsSelect(catalog, "demo", "ctas", EVENTS, spec, rows.iterator())).isEqualTo(2);

        Table table = catalog.loadTable("demo", "ctas");
        assertThat(table.snapshots()).hasSize(1);
        assertThat(table.spec().fields()).hasSize(1);
        assertThat(GenericsTableScanner.readCalciteRows(table))
                .containsExactlyInAnyOrder(new Object[] {1L, 0L, "a"}, new Object[] {2L, 86_400_000L, "b"});
    }

    @Test
    void failedCreateTableAsSelectLeavesNoTableAndNoFiles() throws IOException {
        Iterator<Object[]> failing = new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object[] next() {
                if (next == 2_500) {
                    throw new IllegalStateException("source query failed");
                }
                next++;
                return new Object[] {next, next * 1000, "row " + next};
            }
        };

        assertThatThrownBy(() -> new TableWriter(1).createTableAsSelect(
                        catalog, "demo", "broken", EVENTS, PartitionSpec.unpartitioned(), failing))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.STORAGE_ERROR))
                .hasMessageContaining("source query failed");

        assertThat(catalog.findTable("demo", "broken")).isEmpty();
        assertThat(catalog.listTables("demo")).isEmpty();
        assertThat(regularFiles(warehouse.resolve("demo"))).isEmpty();
    }

    @Test
    void createTableAsSelectLosingTheRaceDeletesItsFiles() throws IOException {
        // The table appears while the rows are being written, as if another statement created it.
        List<Object[]> rows = List.<Object[]>of(new Object[] {1L, 0L, "a"});
        Iterator<Object[]> racing = new Iterator<>() {
            private final Iterator<Object[]> delegate = rows.iterator();

            @Override
            public boolean hasNext() {
                boolean hasNext = delegate.hasNext();
                if (!hasNext && catalog.findTable("demo", "raced").isEmpty()) {
                    catalog.createTable("demo", "raced", EVENTS, PartitionSpec.unpartitioned(), false);
                }
                return hasNext;
            }

            @Override
            public Object[] next() {
                return delegate.next();
            }
        };

        assertThatThrownBy(() -> writer.createTableAsSelect(
                        catalog, "demo", "raced", EVENTS, PartitionSpec.unpartitioned(), racing))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TABLE_ALREADY_EXISTS))
                .hasMessageStartingWith("Table 'iceberg.demo.raced' already exists");

        Table winner = catalog.loadTable("demo", "raced");
        assertThat(winner.snapshots()).isEmpty();
        assertThat(regularFiles(warehouse.resolve("demo/raced")))
                .allSatisfy(file -> assertThat(file.toString()).doesNotEndWith(".parquet"));
    }

    @Test
    void createTableAsSelectOnExistingTableFailsBeforeWriting() {
        catalog.createTable("demo", "exists", EVENTS, PartitionSpec.unpartitioned(), false);
        Iterator<Object[]> untouched = new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw new AssertionError("rows must not be read");
            }

            @Override
            public Object[] next() {
                throw new AssertionError("rows must not be read");
            }
        };

        assertThatThrownBy(() -> writer.createTableAsSelect(
                        catalog, "demo", "exists", EVENTS, PartitionSpec.unpartitioned(), untouched))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TABLE_ALREADY_EXISTS))
                .hasMessageStartingWith("Table 'iceberg.demo.exists' already exists");
    }

    private static List<DataFile> dataFiles(Table table) {
        List<DataFile> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(task -> files.add(task.file()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return files;
    }

    private static List<Record> sortedById(List<Record> records) {
        List<Record> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing(record -> (Long) record.getField("id")));
        return sorted;
    }

    private static List<Path> regularFiles(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static int days(LocalDate date) {
        return (int) date.toEpochDay();
    }

    private static int millisOfDay(LocalTime time) {
        return (int) (time.toNanoOfDay() / 1_000_000L);
    }
}
