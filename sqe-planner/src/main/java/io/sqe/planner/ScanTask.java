package io.sqe.planner;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import io.sqe.planner.aggregation.ScanAggregation;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.mapping.NameMapping;

/**
 * One unit of scan work that crosses the wire from the coordinator to a worker: a group of data-file byte ranges
 * of one table, with everything a worker needs to read them without talking to the catalog.
 *
 * <p>Instances hold Iceberg objects (schema, specs, file tasks) that do not define value equality; compare decoded
 * tasks by content, not with {@code equals}.
 *
 * @param formatVersion version of the ScanTask wire format; only {@link #FORMAT_VERSION} is supported
 * @param queryId the query this task belongs to
 * @param taskId the task's number within its query, from 0
 * @param tableName the table's name, for messages and logs only
 * @param schema the table's current Iceberg schema; residuals and projected ids refer to it
 * @param projectedFieldIds ids of top-level columns of {@code schema} to output, in output order; may be empty (for
 *     {@code count(*)}) but never repeats an id
 * @param partitionSpecs the table's partition specs by id; covers the specs of every data and delete file here
 * @param files the file work, as produced by {@code TableScan.planTasks()}: byte ranges aligned to row groups, with
 *     their delete files, partition spec and residual filter
 * @param limit the most rows the task needs to produce, if the query has a limit that could be pushed down
 * @param nameMapping the table's name mapping, used for data files written without Iceberg field ids
 * @param storageProperties the properties of the FileIO to read with ({@code io-impl} and its settings, later per-user
 *     vended credentials); never printed
 * @param aggregation a partial aggregation to compute instead of returning the rows (format version 2); its
 *     expressions read the projected columns by position
 */
public record ScanTask(
        int formatVersion,
        String queryId,
        int taskId,
        String tableName,
        Schema schema,
        List<Integer> projectedFieldIds,
        Map<Integer, PartitionSpec> partitionSpecs,
        List<FileScanTask> files,
        OptionalLong limit,
        Optional<NameMapping> nameMapping,
        Map<String, String> storageProperties,
        Optional<ScanAggregation> aggregation) {

    /** The only wire format version this build reads and writes; 2 added the pushed partial aggregation. */
    public static final int FORMAT_VERSION = 2;

    /** The storage property naming the {@code org.apache.iceberg.io.FileIO} implementation class. */
    public static final String IO_IMPL = "io-impl";

    public ScanTask {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "Unsupported scan task format version " + formatVersion + ", expected " + FORMAT_VERSION);
        }
        requireNonNull(queryId, "queryId is null");
        if (queryId.isBlank()) {
            throw new IllegalArgumentException("queryId is blank");
        }
        if (taskId < 0) {
            throw new IllegalArgumentException("taskId is negative: " + taskId);
        }
        requireNonNull(tableName, "tableName is null");
        requireNonNull(schema, "schema is null");
        projectedFieldIds = List.copyOf(requireNonNull(projectedFieldIds, "projectedFieldIds is null"));
        partitionSpecs = Map.copyOf(requireNonNull(partitionSpecs, "partitionSpecs is null"));
        files = List.copyOf(requireNonNull(files, "files is null"));
        requireNonNull(limit, "limit is null");
        requireNonNull(nameMapping, "nameMapping is null");
        storageProperties = Map.copyOf(requireNonNull(storageProperties, "storageProperties is null"));
        requireNonNull(aggregation, "aggregation is null");
        if (aggregation.isPresent() && aggregation.get().maxColumn() >= projectedFieldIds.size()) {
            throw new IllegalArgumentException("The aggregation reads column " + aggregation.get().maxColumn()
                    + " but the task projects only " + projectedFieldIds.size() + " columns");
        }

        Set<Integer> seen = new HashSet<>();
        for (int fieldId : projectedFieldIds) {
            if (!seen.add(fieldId)) {
                throw new IllegalArgumentException("Projected field id " + fieldId + " appears twice");
            }
            if (schema.asStruct().field(fieldId) == null) {
                throw new IllegalArgumentException(
                        "Projected field id " + fieldId + " is not a top-level column of table " + tableName);
            }
        }
        for (FileScanTask file : files) {
            requireNonNull(file, "files contains null");
            requireSpec(partitionSpecs, file.file().specId(), file.file().location());
            for (DeleteFile delete : file.deletes()) {
                requireSpec(partitionSpecs, delete.specId(), delete.location());
            }
        }
        if (limit.isPresent() && limit.getAsLong() < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit.getAsLong());
        }
        if (!storageProperties.containsKey(IO_IMPL)) {
            throw new IllegalArgumentException("storageProperties has no " + IO_IMPL + " entry");
        }
    }

    /** A task without a pushed aggregation. */
    public ScanTask(int formatVersion, String queryId, int taskId, String tableName, Schema schema,
            List<Integer> projectedFieldIds, Map<Integer, PartitionSpec> partitionSpecs, List<FileScanTask> files,
            OptionalLong limit, Optional<NameMapping> nameMapping, Map<String, String> storageProperties) {
        this(formatVersion, queryId, taskId, tableName, schema, projectedFieldIds, partitionSpecs, files, limit,
                nameMapping, storageProperties, Optional.empty());
    }

    /** This task computing {@code newAggregation} over its rows instead of returning them. */
    public ScanTask withAggregation(ScanAggregation newAggregation) {
        return new ScanTask(formatVersion, queryId, taskId, tableName, schema, projectedFieldIds, partitionSpecs,
                files, limit, nameMapping, storageProperties, Optional.of(newAggregation));
    }

    private static void requireSpec(Map<Integer, PartitionSpec> specs, int specId, String location) {
        if (!specs.containsKey(specId)) {
            throw new IllegalArgumentException("Partition spec " + specId + " of file " + location + " is missing");
        }
    }

    /** Total bytes of data-file ranges in this task, for balancing and statistics. */
    public long dataBytes() {
        long total = 0;
        for (FileScanTask file : files) {
            total += file.length();
        }
        return total;
    }

    /** Never prints storage property values: they may carry credentials. */
    @Override
    public String toString() {
        return "ScanTask{formatVersion=" + formatVersion
                + ", queryId=" + queryId
                + ", taskId=" + taskId
                + ", table=" + tableName
                + ", projectedFieldIds=" + projectedFieldIds
                + ", files=" + files.size()
                + ", limit=" + (limit.isPresent() ? String.valueOf(limit.getAsLong()) : "none")
                + ", nameMapping=" + nameMapping.isPresent()
                + ", storagePropertyKeys=" + new TreeSet<>(storageProperties.keySet())
                + (aggregation.isPresent() ? ", aggregation=" + aggregation.get() : "")
                + "}";
    }
}
