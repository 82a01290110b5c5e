package io.sqe.worker.parquet;

import io.sqe.planner.ScanPlan;
import io.sqe.planner.ScanPlanner;
import io.sqe.planner.ScanTask;
import io.sqe.planner.ScanTaskCodec;
import io.sqe.planner.storage.LocalFileIO;
import io.sqe.worker.ScanBatches;
import io.sqe.worker.ScanExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.Types;

/**
 * A timing harness, not a test: writes a lineitem-like table of N rows (snappy, Iceberg's writer defaults) to a
 * local directory, then times the same scans through the generic row reader and through the bulk decoder, one
 * thread, warm, and prints the lowest and median wall time of each. The filtered scans (F1 to F4, the residual filter
 * evaluated in the worker) run through the bulk decoder only, unless the third argument is {@code all}; with
 * {@code filters} only they run, with {@code bulk} every scan runs through the bulk decoder only.
 *
 * <pre>
 * java -cp ... io.sqe.worker.parquet.ScanDecodingBenchmark [rows] [directory] [all|filters|bulk]
 * </pre>
 */
public final class ScanDecodingBenchmark {
    private static final Schema LINEITEM = new Schema(
            Types.NestedField.required(1, "l_orderkey", Types.LongType.get()),
            Types.NestedField.required(2, "l_quantity", Types.DecimalType.of(15, 2)),
            Types.NestedField.required(3, "l_extendedprice", Types.DecimalType.of(15, 2)),
            Types.NestedField.required(4, "l_discount", Types.DecimalType.of(15, 2)),
            Types.NestedField.required(5, "l_tax", Types.DecimalType.of(15, 2)),
            Types.NestedField.required(6, "l_returnflag", Types.StringType.get()),
            Types.NestedField.required(7, "l_linestatus", Types.StringType.get()),
            Types.NestedField.required(8, "l_shipdate", Types.DateType.get()),
            Types.NestedField.optional(9, "l_comment", Types.StringType.get()),
            Types.NestedField.optional(10, "l_shipmode", Types.StringType.get()));
    private static final String[] SHIP_MODES = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
    private static final int BATCH_SIZE = 8192;
    private static final int RUNS = 7;

    private ScanDecodingBenchmark() {}

    public static void main(String[] args) throws IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        Path directory = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("sqe-scan-benchmark");
        InMemoryCatalog catalog = new InMemoryCatalog();
        catalog.initialize("bench", Map.of());
        catalog.createNamespace(Namespace.of("bench"));
        Table table = catalog.createTable(TableIdentifier.of("bench", "lineitem"), LINEITEM,
                PartitionSpec.unpartitioned(), Map.of(TableProperties.FORMAT_VERSION, "2"));
        long writeStart = System.nanoTime();
        write(table, rows, directory);
        System.out.printf(Locale.ROOT, "wrote %,d rows in %.1f s to %s%n", rows,
                (System.nanoTime() - writeStart) / 1e9, directory);

        Map<String, String> storage = Map.of("io-impl", LocalFileIO.class.getName());
        ScanPlanner planner = new ScanPlanner();
        Expression shipped = Expressions.lessThanOrEqual("l_shipdate", "1998-09-02");
        String mode = args.length > 2 ? args[2] : "";
        List<Scan> scans = new ArrayList<>();
        boolean unfilteredGeneric = !mode.equals("bulk");
        if (!mode.equals("filters")) {
            scans.add(new Scan("T1 sum(l_extendedprice), 1 column", planner.plan(table, List.of(3),
                    Expressions.alwaysTrue(), storage, "t1", OptionalLong.empty()), unfilteredGeneric));
            scans.add(new Scan("T2 Q1 columns, shipdate filter", planner.plan(table, List.of(6, 7, 2, 3, 4, 5),
                    shipped, storage, "t2", OptionalLong.empty()), unfilteredGeneric));
            scans.add(new Scan("T3 all 9 columns", planner.plan(table, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9),
                    Expressions.alwaysTrue(), storage, "t3", OptionalLong.empty()), unfilteredGeneric));
        }
        boolean generic = mode.equals("all");
        // Q6's filter, with the projected column not among the filtered ones (about 2% of the rows pass).
        Expression q6 = Expressions.and(Expressions.and(
                Expressions.greaterThanOrEqual("l_shipdate", "1994-01-01"),
                Expressions.lessThan("l_shipdate", "1995-01-01")), Expressions.and(Expressions.and(
                Expressions.greaterThanOrEqual("l_discount", new BigDecimal("0.05")),
                Expressions.lessThanOrEqual("l_discount", new BigDecimal("0.07"))),
                Expressions.lessThan("l_quantity", new BigDecimal("24.00"))));
        scans.add(new Scan("F1 Q6 filter, sum(l_extendedprice)", planner.plan(table, List.of(3), q6, storage, "f1",
                OptionalLong.empty()), generic));
        scans.add(new Scan("F2 l_quantity < 24, 1 column", planner.plan(table, List.of(2),
                Expressions.lessThan("l_quantity", new BigDecimal("24.00")), storage, "f2", OptionalLong.empty()),
                generic));
        scans.add(new Scan("F3 l_shipmode IN (AIR, REG AIR)", planner.plan(table, List.of(3, 10),
                Expressions.in("l_shipmode", "AIR", "REG AIR"), storage, "f3", OptionalLong.empty()), generic));
        scans.add(new Scan("F4 l_comment starts with 'slyly'", planner.plan(table, List.of(3),
                Expressions.startsWith("l_comment", "slyly"), storage, "f4", OptionalLong.empty()), generic));

        try (RootAllocator allocator = new RootAllocator();
                ScanExecutor genericReader = new ScanExecutor(BATCH_SIZE, false);
                ScanExecutor bulk = new ScanExecutor(BATCH_SIZE, true)) {
            for (Scan scan : scans) {
                for (ScanExecutor executor : scan.generic() ? List.of(genericReader, bulk) : List.of(bulk)) {
                    String path = executor == bulk ? "bulk decoder" : "generic reader";
                    long[] times = new long[RUNS];
                    long checksum = 0;
                    for (int run = 0; run < RUNS; run++) {
                        long start = System.nanoTime();
                        checksum = scan(executor, scan.plan(), allocator);
                        times[run] = System.nanoTime() - start;
                    }
                    Arrays.sort(times);
                    System.out.printf(Locale.ROOT, "%-36s %-15s best %6d ms  median %6d ms  %6.1f M rows/s"
                            + "  (checksum %d)%n", scan.name(), path, times[0] / 1_000_000,
                            times[RUNS / 2] / 1_000_000, rows / (times[0] / 1e9) / 1e6, checksum);
                }
            }
        }
    }

    /** Reads every batch and folds a little of every column into a checksum, so nothing is optimized away. */
    private static long scan(ScanExecutor executor, ScanPlan plan, RootAllocator allocator) {
        long checksum = 0;
        for (ScanTask task : plan.tasks()) {
            try (ScanBatches batches = executor.execute(ScanTaskCodec.encode(task), allocator)) {
                while (batches.next()) {
                    VectorSchemaRoot root = batches.root();
                    checksum += root.getRowCount();
                    for (FieldVector vector : root.getFieldVectors()) {
                        if (vector instanceof DecimalVector) {
                            for (int row = 0; row < root.getRowCount(); row++) {
                                checksum += vector.getDataBuffer().getLong(row * 16L);
                            }
                        } else {
                            checksum += vector.getNullCount();
                        }
                    }
                }
            }
        }
        return checksum;
    }

    @SuppressWarnings("deprecation") // GenericAppenderFactory is the simplest way to write the data.
    private static void write(Table table, int rows, Path directory) {
        // Metadata stays in the in-memory catalog; the data files go to the local directory.
        LocalFileIO io = new LocalFileIO();
        Random random = new Random(42);
        GenericAppenderFactory factory = new GenericAppenderFactory(table.schema(), table.spec());
        int perFile = 1_500_000;
        var append = table.newAppend();
        String[] flags = {"A", "N", "R"};
        String[] words = {"quick", "brown", "fox", "slyly", "final", "deposits", "ironic", "packages", "carefully"};
        for (int first = 0; first < rows; first += perFile) {
            String path = directory.toAbsolutePath() + "/lineitem-" + UUID.randomUUID() + ".parquet";
            DataWriter<Record> writer = factory.newDataWriter(
                    EncryptedFiles.plainAsEncryptedOutput(io.newOutputFile(path)), FileFormat.PARQUET, null);
            GenericRecord record = GenericRecord.create(table.schema());
            try (writer) {
                for (int row = first; row < Math.min(rows, first + perFile); row++) {
                    int quantity = 1 + random.nextInt(50);
                    record.set(0, (long) row / 4);
                    record.set(1, BigDecimal.valueOf(quantity * 100L, 2));
                    record.set(2, BigDecimal.valueOf(quantity * (90_000L + random.nextInt(10_000_000)), 2));
                    record.set(3, BigDecimal.valueOf(random.nextInt(11), 2));
                    record.set(4, BigDecimal.valueOf(random.nextInt(9), 2));
                    record.set(5, flags[random.nextInt(3)]);
                    record.set(6, random.nextBoolean() ? "O" : "F");
                    record.set(7, LocalDate.of(1992, 1, 2).plusDays(random.nextInt(2526)));
                    record.set(8, words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)]
                            + " " + Integer.toString(random.nextInt(100_000), 36));
                    record.set(9, SHIP_MODES[random.nextInt(SHIP_MODES.length)]);
                    writer.write(record);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            append.appendFile(writer.toDataFile());
        }
        append.commit();
    }

    /** A timed scan; {@code generic} says whether the generic row reader runs it too. */
    private record Scan(String name, ScanPlan plan, boolean generic) {}
}
