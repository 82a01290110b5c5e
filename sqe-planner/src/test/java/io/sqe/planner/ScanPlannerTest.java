package io.sqe.planner;

import static io.sqe.planner.PlannerTestTables.STORAGE;
import static io.sqe.planner.PlannerTestTables.dataFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.iceberg.CombinedScanTask;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScanPlannerTest {
    private final PlannerTestTables tables = new PlannerTestTables();
    private final ScanPlanner planner = new ScanPlanner();

    @AfterEach
    void tearDown() {
        tables.close();
    }

    @Test
    void emptyTableHasNoTasks() {
        Table table = tables.create("empty", PartitionSpec.unpartitioned());

        ScanPlan plan = planner.plan(table, List.of(1, 2), Expressions.alwaysTrue(), STORAGE, "q1");

        assertThat(plan.tasks()).isEmpty();
        assertThat(plan.statistics()).isEqualTo(ScanStatistics.EMPTY);
    }

    @Test
    void partitionFilterPlansFewerFiles() {
        Table table = tables.create("partitioned", PlannerTestTables.PARTITIONED);
        table.newAppend()
                .appendFile(dataFile(table, "region=eu/ts_day=2024-01-01/id_bucket=0", 1, 10, 1000))
                .appendFile(dataFile(table, "region=eu/ts_day=2024-01-02/id_bucket=1", 11, 20, 1000))
                .appendFile(dataFile(table, "region=us/ts_day=2024-01-01/id_bucket=2", 21, 30, 1000))
                .appendFile(dataFile(table, "region=us/ts_day=2024-01-02/id_bucket=3", 31, 40, 1000))
                .commit();

        ScanPlan all = planner.plan(table, List.of(1), Expressions.alwaysTrue(), STORAGE, "q1");
        ScanPlan europe = planner.plan(table, List.of(1), Expressions.equal("region", "eu"), STORAGE, "q2");
        ScanPlan oneDay = planner.plan(table, List.of(1),
                Expressions.and(Expressions.equal("region", "us"),
                        Expressions.greaterThanOrEqual("ts", "2024-01-02T00:00:00")),
                STORAGE, "q3");

        assertThat(all.statistics().scannedDataFiles()).isEqualTo(4);
        assertThat(europe.statistics().totalDataFiles()).isEqualTo(4);
        assertThat(europe.statistics().scannedDataFiles()).isEqualTo(2);
        assertThat(europe.statistics().skippedDataFiles()).isEqualTo(2);
        assertThat(europe.statistics().scannedDataBytes()).isEqualTo(2000);
        assertThat(europe.statistics().totalDataManifests()).isEqualTo(1);
        assertThat(partitionPaths(europe))
                .allSatisfy(path -> assertThat(path).startsWith("region=eu/"));
        assertThat(partitionPaths(oneDay)).containsExactly("region=us/ts_day=2024-01-02/id_bucket=3");
    }

    @Test
    void minMaxStatisticsSkipFiles() {
        Table table = tables.create("minmax", PartitionSpec.unpartitioned());
        DataFile low = dataFile(table, "", 1, 10, 500);
        DataFile high = dataFile(table, "", 11, 20, 700);
        table.newAppend().appendFile(low).appendFile(high).commit();

        ScanPlan plan = planner.plan(table, List.of(1, 2), Expressions.greaterThan("id", 15L), STORAGE, "q1");

        assertThat(plan.statistics().totalDataFiles()).isEqualTo(2);
        assertThat(plan.statistics().scannedDataFiles()).isEqualTo(1);
        assertThat(plan.statistics().scannedDataBytes()).isEqualTo(700);
        assertThat(plan.tasks()).hasSize(1);
        assertThat(plan.tasks().get(0).files()).extracting(task -> task.file().location())
                .containsExactly(high.location());
        assertThat(plan.tasks().get(0).files().get(0).residual().toString()).contains("id");
    }

    @Test
    void splitsFollowRowGroupOffsetsAndTableSplitSize() {
        Table table = tables.create("splits", PartitionSpec.unpartitioned());
        table.updateProperties().set(TableProperties.SPLIT_SIZE, "100").set(TableProperties.SPLIT_OPEN_FILE_COST, "1")
                .commit();
        table.newAppend()
                .appendFile(PlannerTestTables.dataFileWithSplits(table, 300, List.of(4L, 100L, 200L)))
                .commit();

        ScanPlan plan = planner.plan(table, List.of(1), Expressions.alwaysTrue(), STORAGE, "q1");

        List<FileScanTask> files = plan.tasks().stream().flatMap(task -> task.files().stream()).toList();
        assertThat(files).extracting(FileScanTask::start).containsExactlyInAnyOrder(4L, 100L, 200L);
        assertThat(files.stream().mapToLong(FileScanTask::length).sum()).isEqualTo(296);
        assertThat(plan.tasks()).extracting(ScanTask::taskId).containsExactly(0, 1, 2);
        assertThat(plan.statistics().scannedDataFiles()).isEqualTo(1);
    }

    @Test
    void tasksCarryProjectionLimitNameMappingAndStorage() {
        Table table = tables.create("carried", PartitionSpec.unpartitioned());
        table.updateProperties()
                .set(TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(MappingUtil.create(table.schema())))
                .commit();
        table.newAppend().appendFile(dataFile(table, "", 1, 10, 100)).commit();
        Map<String, String> storage = Map.of(ScanTask.IO_IMPL, STORAGE.get(ScanTask.IO_IMPL),
                "s3.secret-access-key", "very-secret");

        ScanPlan plan = planner.plan(table, List.of(3, 1), Expressions.alwaysTrue(), storage, "q9",
                OptionalLong.of(5));

        ScanTask task = plan.tasks().get(0);
        assertThat(task.queryId()).isEqualTo("q9");
        assertThat(task.tableName()).isEqualTo(table.name());
        assertThat(task.projectedFieldIds()).containsExactly(3, 1);
        assertThat(task.limit()).hasValue(5);
        assertThat(task.nameMapping()).isPresent();
        assertThat(task.nameMapping().get().find(2).names()).containsExactly("region");
        assertThat(task.storageProperties()).isEqualTo(storage);
        assertThat(task.toString()).contains("s3.secret-access-key").doesNotContain("very-secret");
    }

    @Test
    void unknownProjectedColumnIsRejected() {
        Table table = tables.create("unknown", PartitionSpec.unpartitioned());

        assertThatThrownBy(() -> planner.plan(table, List.of(1, 99), Expressions.alwaysTrue(), STORAGE, "q1"))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("field id 99")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
    }

    @Test
    void filterOnUnknownColumnIsRejected() {
        Table table = tables.create("badfilter", PartitionSpec.unpartitioned());
        table.newAppend().appendFile(dataFile(table, "", 1, 10, 100)).commit();

        assertThatThrownBy(() -> planner.plan(table, List.of(1), Expressions.equal("nope", 1), STORAGE, "q1"))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("nope")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
    }

    @Test
    void plansLikeIcebergFromTheCachedFilesOfASnapshot() throws Exception {
        Table table = tables.create("cached", PlannerTestTables.PARTITIONED);
        table.newAppend()
                .appendFile(dataFile(table, "region=eu/ts_day=2024-01-01/id_bucket=0", 1, 10, 1000))
                .appendFile(dataFile(table, "region=us/ts_day=2024-01-02/id_bucket=3", 31, 40, 1000))
                .commit();
        planner.plan(table, List.of(1), Expressions.alwaysTrue(), STORAGE, "q1");
        table.newAppend()
                .appendFile(dataFile(table, "region=eu/ts_day=2024-01-02/id_bucket=1", 11, 20, 1000))
                .commit();
        table.newRowDelta()
                .addDeletes(PlannerTestTables.positionDeletes(table, "region=eu/ts_day=2024-01-02/id_bucket=1"))
                .commit();
        List<Expression> filters = List.of(
                Expressions.alwaysTrue(),
                Expressions.equal("region", "eu"),
                Expressions.greaterThan("id", 15L),
                Expressions.and(Expressions.equal("region", "eu"), Expressions.lessThan("id", 5L)),
                Expressions.in("id", 12L, 35L),
                Expressions.lessThan("id", 0L));
        List<String> iceberg = new ArrayList<>();
        for (Expression filter : filters) {
            iceberg.add(describe(table.newScan().filter(filter).planTasks()));
        }

        List<String> planned = new ArrayList<>();
        for (Expression filter : filters) {
            planned.add(describe(planner.plan(table, List.of(1), filter, STORAGE, "q2").tasks()));
        }
        // The snapshot's files are kept: planning again reads no manifest.
        for (ManifestFile manifest : table.currentSnapshot().allManifests(table.io())) {
            table.io().deleteFile(manifest.path());
        }
        List<String> replanned = new ArrayList<>();
        for (Expression filter : filters) {
            replanned.add(describe(planner.plan(table, List.of(1), filter, STORAGE, "q3").tasks()));
        }

        assertThat(planned).isEqualTo(iceberg);
        assertThat(replanned).isEqualTo(iceberg);
        assertThat(planned.get(0)).contains("pos-");
        assertThat(planned.get(5)).isEmpty();
        ScanStatistics europe = planner.plan(table, List.of(1), Expressions.equal("region", "eu"), STORAGE, "q4")
                .statistics();
        assertThat(europe.totalDataFiles()).isEqualTo(3);
        assertThat(europe.scannedDataFiles()).isEqualTo(2);
        assertThat(europe.totalDataManifests()).isEqualTo(2);
        assertThat(europe.deleteFiles()).isEqualTo(1);
    }

    /** The files of the tasks, sorted (Iceberg reads manifests in parallel): location, range, residual, deletes. */
    private static String describe(CloseableIterable<CombinedScanTask> tasks) throws Exception {
        try (tasks) {
            List<String> files = new ArrayList<>();
            for (CombinedScanTask task : tasks) {
                task.files().forEach(file -> files.add(describe(file)));
            }
            return files.stream().sorted().collect(Collectors.joining("\n"));
        }
    }

    private static String describe(List<ScanTask> tasks) {
        return tasks.stream().flatMap(task -> task.files().stream()).map(ScanPlannerTest::describe).sorted()
                .collect(Collectors.joining("\n"));
    }

    private static String describe(FileScanTask file) {
        return file.file().location() + " " + file.start() + "+" + file.length() + " " + file.residual() + " "
                + file.deletes().stream().map(DeleteFile::location).sorted().toList();
    }

    private static List<String> partitionPaths(ScanPlan plan) {
        return plan.tasks().stream()
                .flatMap(task -> task.files().stream())
                .map(file -> file.spec().partitionToPath(file.file().partition()))
                .sorted()
                .collect(Collectors.toList());
    }
}
