package io.sqe.planner;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.BaseFileScanTask;
import org.apache.iceberg.CombinedScanTask;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.InclusiveMetricsEvaluator;
import org.apache.iceberg.expressions.Projections;
import org.apache.iceberg.expressions.ResidualEvaluator;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.metrics.ScanMetricsResult;
import org.apache.iceberg.metrics.ScanReport;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.util.TableScanUtil;

/**
 * Plans a table scan into {@link ScanTask}s: prunes data files by partition values and column min/max statistics,
 * then splits files on row-group boundaries and packs the splits by the table's {@code read.split.target-size}
 * (128 MiB by default). The files come from the snapshot's {@link SnapshotFiles}, read from the manifests once per
 * snapshot; a snapshot too large to keep is planned with Iceberg's own {@code planTasks()}, which also prunes
 * manifests by their partition summaries.
 */
public final class ScanPlanner {

    /** Plans a scan with no row limit. */
    public ScanPlan plan(
            Table table,
            List<Integer> projectedFieldIds,
            Expression filter,
            Map<String, String> storageProperties,
            String queryId) {
        return plan(table, projectedFieldIds, filter, storageProperties, queryId, OptionalLong.empty());
    }

    /**
     * Plans a scan of the table's current snapshot.
     *
     * @param projectedFieldIds top-level column ids to output, in output order
     * @param filter the pushed-down filter, in terms of the table's current column names (case-sensitive)
     * @param limit a row limit each task may stop at, when the query's limit sits directly on the scan
     */
    public ScanPlan plan(
            Table table,
            List<Integer> projectedFieldIds,
            Expression filter,
            Map<String, String> storageProperties,
            String queryId,
            OptionalLong limit) {
        requireNonNull(table, "table is null");
        requireNonNull(projectedFieldIds, "projectedFieldIds is null");
        requireNonNull(filter, "filter is null");
        requireNonNull(storageProperties, "storageProperties is null");
        requireNonNull(queryId, "queryId is null");
        requireNonNull(limit, "limit is null");

        Schema schema = table.schema();
        for (int fieldId : projectedFieldIds) {
            if (schema.asStruct().field(fieldId) == null) {
                throw new SqeException(ErrorCode.COLUMN_NOT_FOUND,
                        "Table " + table.name() + " has no top-level column with field id " + fieldId
                                + "; the table may have changed since the query was analyzed. Run the query again.");
            }
        }
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            return new ScanPlan(List.of(), ScanStatistics.EMPTY);
        }

        Optional<NameMapping> nameMapping = Optional.ofNullable(
                        table.properties().get(TableProperties.DEFAULT_NAME_MAPPING))
                .map(NameMappingParser::fromJson);

        List<ScanTask> tasks = new ArrayList<>();
        Map<String, Long> dataFileSizes = new HashMap<>();
        Set<String> deleteFiles = new HashSet<>();
        long totalManifests;
        long skippedManifests;
        long skippedFilesInScannedManifests;
        try {
            Optional<SnapshotFiles> cached = SnapshotFiles.of(table, snapshot);
            CloseableIterable<CombinedScanTask> combinedTasks;
            Set<String> manifestsRead = new HashSet<>();
            AtomicReference<ScanMetricsResult> metrics = new AtomicReference<>();
            if (cached.isPresent()) {
                combinedTasks = planCached(table, schema, cached.get(), filter, manifestsRead);
            } else {
                combinedTasks = table.newScan()
                        .caseSensitive(true)
                        .filter(filter)
                        .project(TypeUtil.select(schema, new HashSet<>(projectedFieldIds)))
                        .metricsReporter(report -> {
                            if (report instanceof ScanReport) {
                                metrics.set(((ScanReport) report).scanMetrics());
                            }
                        })
                        .planTasks();
            }
            try (combinedTasks) {
                for (CombinedScanTask combined : combinedTasks) {
                    List<FileScanTask> files = new ArrayList<>(combined.files());
                    for (FileScanTask file : files) {
                        DataFile dataFile = file.file();
                        dataFileSizes.put(dataFile.location(), dataFile.fileSizeInBytes());
                        for (DeleteFile delete : file.deletes()) {
                            deleteFiles.add(delete.location());
                        }
                    }
                    tasks.add(new ScanTask(
                            ScanTask.FORMAT_VERSION,
                            queryId,
                            tasks.size(),
                            table.name(),
                            schema,
                            projectedFieldIds,
                            table.specs(),
                            files,
                            limit,
                            nameMapping,
                            storageProperties));
                }
            }
            if (cached.isPresent()) {
                totalManifests = cached.get().dataManifests();
                skippedManifests = Math.max(0, totalManifests - manifestsRead.size());
                skippedFilesInScannedManifests = cached.get().entries().size() - dataFileSizes.size();
            } else {
                ScanMetricsResult scanMetrics = metrics.get();
                totalManifests = scanMetrics == null ? 0 : counter(scanMetrics.totalDataManifests());
                skippedManifests = scanMetrics == null ? 0 : counter(scanMetrics.skippedDataManifests());
                skippedFilesInScannedManifests = scanMetrics == null ? 0 : counter(scanMetrics.skippedDataFiles());
            }
        } catch (ValidationException e) {
            throw new SqeException(ErrorCode.COLUMN_NOT_FOUND,
                    "Cannot apply the filter to table " + table.name() + ": " + e.getMessage(), e);
        } catch (NotFoundException | UncheckedIOException e) {
            throw new SqeException(ErrorCode.STORAGE_ERROR,
                    "Cannot read the metadata of table " + table.name() + " to plan the scan: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SqeException(ErrorCode.STORAGE_ERROR,
                    "Cannot finish planning the scan of table " + table.name() + ": " + e.getMessage(), e);
        }

        long scannedBytes = dataFileSizes.values().stream().mapToLong(Long::longValue).sum();
        long totalDataFiles = summaryValue(snapshot, SnapshotSummary.TOTAL_DATA_FILES_PROP)
                .orElse(dataFileSizes.size() + skippedFilesInScannedManifests);
        long totalFileBytes = summaryValue(snapshot, SnapshotSummary.TOTAL_FILE_SIZE_PROP).orElse(scannedBytes);
        ScanStatistics statistics = new ScanStatistics(
                Math.max(totalDataFiles, dataFileSizes.size()),
                dataFileSizes.size(),
                totalManifests,
                skippedManifests,
                totalFileBytes,
                scannedBytes,
                deleteFiles.size());
        return new ScanPlan(tasks, statistics);
    }

    /**
     * Iceberg's planning, done over the snapshot's cached files: a file is kept when the filter's inclusive
     * projection on its partition and the filter on its column statistics may match, gets its spec's residual, and is
     * split on its row-group offsets and packed by the table's split properties, as {@code TableScan.planTasks()}
     * does. Adds the manifest of each kept file to {@code manifestsRead}.
     */
    private static CloseableIterable<CombinedScanTask> planCached(Table table, Schema schema, SnapshotFiles files,
            Expression filter, Set<String> manifestsRead) {
        InclusiveMetricsEvaluator statistics = new InclusiveMetricsEvaluator(schema, filter, true);
        String schemaJson = SchemaParser.toJson(schema);
        Map<Integer, SpecFilter> specFilters = new HashMap<>();
        List<FileScanTask> kept = new ArrayList<>();
        for (SnapshotFiles.Entry entry : files.entries()) {
            DataFile file = entry.file();
            SpecFilter spec = specFilters.computeIfAbsent(file.specId(),
                    id -> new SpecFilter(table.specs().get(id), filter));
            if (!spec.partitions().eval(file.partition()) || !statistics.eval(file)) {
                continue;
            }
            if (file.manifestLocation() != null) {
                manifestsRead.add(file.manifestLocation());
            }
            kept.add(new BaseFileScanTask(entry.withoutStatistics(), entry.deletes(), schemaJson, spec.json(),
                    spec.residuals()));
        }
        Map<String, String> properties = table.properties();
        long splitSize = PropertyUtil.propertyAsLong(properties, TableProperties.SPLIT_SIZE,
                TableProperties.SPLIT_SIZE_DEFAULT);
        int lookback = PropertyUtil.propertyAsInt(properties, TableProperties.SPLIT_LOOKBACK,
                TableProperties.SPLIT_LOOKBACK_DEFAULT);
        long openFileCost = PropertyUtil.propertyAsLong(properties, TableProperties.SPLIT_OPEN_FILE_COST,
                TableProperties.SPLIT_OPEN_FILE_COST_DEFAULT);
        return TableScanUtil.planTasks(TableScanUtil.splitFiles(CloseableIterable.withNoopClose(kept), splitSize),
                splitSize, lookback, openFileCost);
    }

    /** The filter's partition test and residuals for one partition spec. */
    private record SpecFilter(Evaluator partitions, ResidualEvaluator residuals, String json) {
        SpecFilter(PartitionSpec spec, Expression filter) {
            this(new Evaluator(spec.partitionType(), Projections.inclusive(spec, true).project(filter), true),
                    ResidualEvaluator.of(spec, filter, true), PartitionSpecParser.toJson(spec));
        }
    }

    private static long counter(org.apache.iceberg.metrics.CounterResult result) {
        return result == null ? 0 : result.value();
    }

    private static OptionalLong summaryValue(Snapshot snapshot, String property) {
        Map<String, String> summary = snapshot.summary();
        String value = summary == null ? null : summary.get(property);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
