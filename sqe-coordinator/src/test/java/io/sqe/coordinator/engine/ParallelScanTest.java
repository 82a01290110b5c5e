package io.sqe.coordinator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.context.Context;
import io.sqe.coordinator.scan.ExecutionScope;
import io.sqe.coordinator.scan.IcebergTableScanner;
import io.sqe.coordinator.scan.ScanBatchStream;
import io.sqe.coordinator.scan.ScanCounters;
import io.sqe.core.config.QueryConfig;
import io.sqe.core.config.SqeConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.worker.ScanExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans that read their tasks in parallel: the same rows as a serial scan, LIMIT, early close, cancel, a failing
 * task and the memory limit, each ending with every Arrow buffer released.
 */
class ParallelScanTest {
    private static final int FILES = 20;
    private static final int ROWS_PER_FILE = 10_000;
    private static final long ROWS = (long) FILES * ROWS_PER_FILE;

    @TempDir
    Path warehouse;

    @Test
    void parallelAndSerialScansReturnTheSameRows() throws Exception {
        List<List<List<Object>>> parallel;
        try (EngineHarness harness = new EngineHarness(warehouse, withParallelism(4))) {
            createTable(harness);
            parallel = queries(harness);
            // The 20 small files, one Iceberg task, were spread over four tasks in each of the four queries.
            assertThat(scanTaskSpans(harness)).isEqualTo(16);
        }
        try (EngineHarness harness = new EngineHarness(warehouse, withParallelism(1))) {
            List<List<List<Object>>> serial = queries(harness);
            assertThat(serial.get(0)).containsExactly(List.of(Long.toString(ROWS), "9900000.00",
                    "0", Long.toString(ROWS - 1)));
            assertThat(parallel.get(0)).isEqualTo(serial.get(0));
            assertThat(parallel.get(1)).isEqualTo(serial.get(1));
            // The same multiset of rows, in whatever order the tasks delivered them.
            assertThat(sorted(parallel.get(2))).hasSize((int) ROWS).isEqualTo(sorted(serial.get(2)));
            assertThat(parallel.get(3)).isEqualTo(serial.get(3));
        }
    }

    @Test
    void oneFileOfManyRowGroupsIsSplitAcrossTheTasks() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse, withParallelism(4))) {
            harness.run("CREATE SCHEMA s");
            harness.run("CREATE TABLE s.big (id bigint, v decimal(12,2))");
            Table table = harness.icebergCatalog().loadTable(TableIdentifier.of("s", "big"));
            table.updateProperties().set(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "16384").commit();
            String digits = "(VALUES 0,1,2,3,4,5,6,7,8,9)";
            harness.run("INSERT INTO s.big SELECT n, CAST(n % 100 AS decimal(12,2)) FROM (SELECT CAST(a.x * 1000"
                    + " + b.x * 100 + c.x * 10 + d.x AS bigint) AS n FROM " + digits + " AS a(x), " + digits
                    + " AS b(x), " + digits + " AS c(x), " + digits + " AS d(x)) AS g");
            table.refresh();
            List<DataFile> files = new ArrayList<>();
            try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
                planned.forEach(task -> files.add(task.file()));
            }
            assertThat(files).singleElement().satisfies(file -> assertThat(file.splitOffsets()).hasSizeGreaterThan(4));
            long before = scanTaskSpans(harness);

            assertThat(harness.run("SELECT count(*), count(DISTINCT id), sum(v) FROM s.big"))
                    .containsExactly(List.of("10000", "10000", "495000.00"));
            assertThat(scanTaskSpans(harness) - before).isEqualTo(4);
            assertThat(harness.allocator().getAllocatedMemory()).isZero();
        }
    }

    private static long scanTaskSpans(EngineHarness harness) {
        return harness.spans().stream().filter(span -> span.getName().equals("sqe.scan.task")).count();
    }

    @Test
    void limitOverManyFiles() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse, withParallelism(4))) {
            createTable(harness);
            List<List<Object>> rows = harness.run("SELECT id FROM s.t LIMIT 7");
            assertThat(rows).hasSize(7).doesNotHaveDuplicates();
            assertThat(harness.run("SELECT count(*), count(DISTINCT id) FROM (SELECT id FROM s.t LIMIT 25000) AS l"))
                    .containsExactly(List.of("25000", "25000"));
            assertThat(harness.run("SELECT count(*) FROM (SELECT id FROM s.t WHERE g = 3 LIMIT 1) AS l"))
                    .containsExactly(List.of("1"));
            assertThat(harness.allocator().getAllocatedMemory()).isZero();
        }
    }

    @Test
    void aMissingDataFileFailsTheQueryWithAStorageErrorAndReleasesEverything() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse, withParallelism(4))) {
            createTable(harness);
            harness.run("CREATE TABLE s.other (x integer)");
            harness.run("INSERT INTO s.other VALUES (1), (2)");
            Path victim;
            try (Stream<Path> files = Files.walk(warehouse.resolve("s").resolve("t"))) {
                victim = files.filter(file -> file.toString().endsWith(".parquet")).sorted().skip(FILES / 2)
                        .findFirst().orElseThrow();
            }
            Files.delete(victim);

            for (String sql : List.of("SELECT id, name FROM s.t", "SELECT count(*), sum(v) FROM s.t")) {
                assertThatThrownBy(() -> harness.run(sql))
                        .isInstanceOf(SqeException.class)
                        .hasMessageContaining(victim.getFileName().toString())
                        .extracting(e -> ((SqeException) e).errorCode())
                        .isEqualTo(ErrorCode.STORAGE_ERROR);
                assertThat(harness.allocator().getAllocatedMemory()).isZero();
            }
            assertThat(harness.run("SELECT sum(x) FROM s.other")).containsExactly(List.of("3"));
        }
    }

    @Test
    void aParallelScanOverTheMemoryLimitFailsAndReleasesEverything() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse)) {
            createTable(harness);
        }
        QueryConfig limited = withParallelism(4).withMemoryLimitBytes(512 * 1024);
        try (EngineHarness harness = new EngineHarness(warehouse, limited)) {
            assertThatThrownBy(() -> harness.run("SELECT id, name FROM s.t"))
                    .isInstanceOf(SqeException.class)
                    .hasMessageContaining("exceeded its memory limit ([query] memory_limit)")
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.EXCEEDED_MEMORY_LIMIT);
            assertThat(harness.allocator().getAllocatedMemory()).isZero();
            assertThat(harness.run("SELECT count(*) FROM s.t WHERE id < 10")).containsExactly(List.of("10"));
        }
    }

    @Test
    void everyBatchIsTheConsumersOwnUntilItClosesIt() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse)) {
            createTable(harness);
            try (ScanFixture scan = new ScanFixture(harness, 4)) {
                // Hold every batch: a batch that shared the worker's reused root would be overwritten by later ones.
                List<VectorSchemaRoot> held = new ArrayList<>();
                try (ScanBatchStream batches = scan.open()) {
                    for (Optional<VectorSchemaRoot> batch = batches.next(); batch.isPresent(); batch = batches.next()) {
                        held.add(batch.get());
                    }
                }
                Set<Long> ids = new HashSet<>();
                long rows = 0;
                for (VectorSchemaRoot batch : held) {
                    BigIntVector id = (BigIntVector) batch.getVector(0);
                    for (int row = 0; row < batch.getRowCount(); row++) {
                        ids.add(id.get(row));
                    }
                    rows += batch.getRowCount();
                }
                assertThat(held.stream().map(System::identityHashCode).collect(Collectors.toSet())).hasSameSizeAs(held);
                assertThat(rows).isEqualTo(ROWS);
                assertThat(ids).hasSize((int) ROWS);
                assertThat(scan.allocator.getAllocatedMemory()).isPositive();
                held.forEach(VectorSchemaRoot::close);
                assertThat(scan.allocator.getAllocatedMemory()).isZero();
            }
        }
    }

    @Test
    void closingEarlyStopsTheTasksAndFreesEveryBuffer() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse)) {
            createTable(harness);
            try (ScanFixture scan = new ScanFixture(harness, 4)) {
                ScanBatchStream batches = scan.open();
                VectorSchemaRoot first = batches.next().orElseThrow();
                Thread.sleep(200); // let the tasks fill their share of the queue
                batches.close();
                assertThat(first.getRowCount()).isPositive();
                // Only the batch the consumer still holds is left, and it stays readable.
                assertThat(scan.allocator.getAllocatedMemory()).isPositive();
                assertThat(((BigIntVector) first.getVector(0)).isNull(0)).isFalse();
                first.close();
                assertThat(scan.allocator.getAllocatedMemory()).isZero();
            }
        }
    }

    @Test
    void cancellingTheQueryStopsAParallelScan() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse)) {
            createTable(harness);
            try (ScanFixture scan = new ScanFixture(harness, 4)) {
                try (ScanBatchStream batches = scan.open()) {
                    batches.next().orElseThrow().close();
                    scan.cancelled.set(true);
                    long started = System.nanoTime();
                    assertThatThrownBy(() -> drain(batches))
                            .isInstanceOf(SqeException.class)
                            .hasMessageContaining("was cancelled")
                            .extracting(e -> ((SqeException) e).errorCode())
                            .isEqualTo(ErrorCode.USER_CANCELED);
                    assertThat(System.nanoTime() - started).isLessThan(2_000_000_000L);
                }
                assertThat(scan.allocator.getAllocatedMemory()).isZero();
            }
        }
    }

    @Test
    void cancelFromAnotherThreadStopsAParallelScan() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse)) {
            createTable(harness);
            try (ScanFixture scan = new ScanFixture(harness, 4)) {
                try (ScanBatchStream batches = scan.open()) {
                    batches.next().orElseThrow().close();
                    Thread canceller = new Thread(batches::cancel);
                    canceller.start();
                    canceller.join();
                    assertThatThrownBy(() -> drain(batches))
                            .isInstanceOf(SqeException.class)
                            .extracting(e -> ((SqeException) e).errorCode())
                            .isEqualTo(ErrorCode.USER_CANCELED);
                }
                assertThat(scan.allocator.getAllocatedMemory()).isZero();
            }
        }
    }

    private static List<String> sorted(List<List<Object>> rows) {
        return rows.stream().map(Object::toString).sorted().toList();
    }

    private static void drain(ScanBatchStream batches) {
        for (Optional<VectorSchemaRoot> batch = batches.next(); batch.isPresent(); batch = batches.next()) {
            batch.get().close();
        }
    }

    private static QueryConfig withParallelism(int tasks) {
        return SqeConfig.defaults().query().withScanParallelism(tasks);
    }

    /** Four result sets: pushed aggregates, a row-path aggregate, every row, a grouped row-path aggregate. */
    private static List<List<List<Object>>> queries(EngineHarness harness) {
        List<List<List<Object>>> results = List.of(
                harness.run("SELECT count(*), sum(v), min(id), max(id) FROM s.t"),
                harness.run("SELECT count(*), sum(v) FROM s.t WHERE upper(name) LIKE 'N%3'"),
                harness.run("SELECT id, g, v, name FROM s.t"),
                harness.run("SELECT upper(name), count(*), sum(v) FROM s.t GROUP BY upper(name) ORDER BY 1"));
        assertThat(harness.allocator().getAllocatedMemory()).isZero();
        return results;
    }

    /** 20 INSERTs of 10,000 rows each: 20 files, ids 0..199,999, three batches per file. */
    private static void createTable(EngineHarness harness) {
        harness.run("CREATE SCHEMA s");
        harness.run("CREATE TABLE s.t (id bigint, g integer, v decimal(12,2), name varchar)");
        String digits = "(VALUES 0,1,2,3,4,5,6,7,8,9)";
        for (int file = 0; file < FILES; file++) {
            harness.run("INSERT INTO s.t SELECT n, CAST(n % 7 AS integer), CAST(n % 100 AS decimal(12,2)),"
                    + " 'n' || CAST(n % 10 AS varchar) FROM (SELECT CAST(" + file * ROWS_PER_FILE
                    + " + a.x * 1000 + b.x * 100 + c.x * 10 + d.x AS bigint) AS n FROM " + digits + " AS a(x), "
                    + digits + " AS b(x), " + digits + " AS c(x), " + digits + " AS d(x)) AS g");
        }
    }

    /** A scanner of its own over the harness's warehouse, and one query's scope and allocator. */
    private static final class ScanFixture implements AutoCloseable {
        final AtomicBoolean cancelled = new AtomicBoolean();
        final BufferAllocator allocator;
        private final ScanExecutor worker = new ScanExecutor();
        private final IcebergTableScanner scanner;
        private final ExecutionScope scope;
        private final Table table;

        ScanFixture(EngineHarness harness, int parallelism) {
            scanner = new IcebergTableScanner(worker, parallelism);
            allocator = harness.allocator().newChildAllocator("query-test", 0, Long.MAX_VALUE);
            scope = new ExecutionScope("test", cancelled, new ScanCounters(), Context.root(), harness.tracer(),
                    allocator);
            table = harness.icebergCatalog().loadTable(TableIdentifier.of("s", "t"));
        }

        ScanBatchStream open() {
            return scanner.openBatches(table, List.of(table.schema().findField("id").fieldId(),
                    table.schema().findField("name").fieldId()), List.of(), Expressions.alwaysTrue(), Optional.empty(),
                    scope);
        }

        @Override
        public void close() {
            scope.close();
            scanner.close();
            worker.close();
            allocator.close();
        }
    }
}
