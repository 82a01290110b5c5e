package io.sqe.catalog.calcite;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sqe.planner.SnapshotFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.iceberg.BlobMetadata;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Estimates of the distinct values per column of one table snapshot, for the planner's join ordering.
 *
 * <p>Iceberg keeps no distinct counts in its manifests, so the estimate is, in order of preference: the
 * {@code ndv} of a Puffin theta sketch written for the snapshot (or an older one); for integer and date
 * columns, the width of the range between the smallest lower bound and the largest upper bound over the
 * data files; nothing otherwise. Every estimate is capped at the column's non-null values. Snapshots never
 * change, so the statistics are computed once per snapshot and cached.
 */
final class IcebergColumnStatistics {
    private static final Logger log = LoggerFactory.getLogger(IcebergColumnStatistics.class);
    private static final String THETA_SKETCH = "apache-datasketches-theta-v1";
    private static final Cache<String, IcebergColumnStatistics> CACHE =
            Caffeine.newBuilder().maximumSize(2_000).build();
    private static final IcebergColumnStatistics NONE = new IcebergColumnStatistics(0, Map.of(), Map.of());

    private final long rows;
    /** Field id to its estimated distinct non-null values. */
    private final Map<Integer, Double> distinctValues;
    /** Field id to its null count, for the fields every data file counted. */
    private final Map<Integer, Long> nullCounts;

    private IcebergColumnStatistics(long rows, Map<Integer, Double> distinctValues, Map<Integer, Long> nullCounts) {
        this.rows = rows;
        this.distinctValues = Map.copyOf(distinctValues);
        this.nullCounts = Map.copyOf(nullCounts);
    }

    /** The statistics of {@code table}'s current snapshot; none for a table without one. */
    static IcebergColumnStatistics of(Table table) {
        requireNonNull(table, "table is null");
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            return NONE;
        }
        String key;
        try {
            key = table.uuid() + "@" + snapshot.snapshotId();
        } catch (UnsupportedOperationException e) {
            return compute(table, snapshot);
        }
        return CACHE.get(key, ignored -> compute(table, snapshot));
    }

    /** The estimated distinct non-null values of the column, if anything is known about it. */
    OptionalDouble distinctValues(Types.NestedField field) {
        Double estimate = distinctValues.get(field.fieldId());
        return estimate == null ? OptionalDouble.empty() : OptionalDouble.of(estimate);
    }

    private static IcebergColumnStatistics compute(Table table, Snapshot snapshot) {
        try {
            return fromDataFiles(table, snapshot).withSketches(table, snapshot);
        } catch (UncheckedIOException | org.apache.iceberg.exceptions.NotFoundException e) {
            // Statistics only steer the join order; a table whose manifests cannot be read plans without them.
            log.debug("No column statistics for {}: {}", table.name(), e.getMessage());
            return NONE;
        }
    }

    private static IcebergColumnStatistics fromDataFiles(Table table, Snapshot snapshot) {
        Map<Integer, Type.PrimitiveType> ranged = new HashMap<>();
        for (Types.NestedField field : table.schema().columns()) {
            Type type = field.type();
            if (type.typeId() == Type.TypeID.INTEGER || type.typeId() == Type.TypeID.LONG
                    || type.typeId() == Type.TypeID.DATE) {
                ranged.put(field.fieldId(), type.asPrimitiveType());
            }
        }
        long[] rows = {0};
        Map<Integer, Long> lower = new HashMap<>();
        Map<Integer, Long> upper = new HashMap<>();
        Set<Integer> unbounded = new HashSet<>();
        Map<Integer, Long> nulls = new HashMap<>();
        Set<Integer> uncounted = new HashSet<>();
        forEachDataFile(table, snapshot, file -> {
            rows[0] += file.recordCount();
            for (Types.NestedField field : table.schema().columns()) {
                int id = field.fieldId();
                Long fileNulls = file.nullValueCounts() == null ? null : file.nullValueCounts().get(id);
                if (fileNulls == null) {
                    uncounted.add(id);
                } else {
                    nulls.merge(id, fileNulls, Long::sum);
                }
            }
            for (Map.Entry<Integer, Type.PrimitiveType> column : ranged.entrySet()) {
                int id = column.getKey();
                ByteBuffer low = file.lowerBounds() == null ? null : file.lowerBounds().get(id);
                ByteBuffer high = file.upperBounds() == null ? null : file.upperBounds().get(id);
                if (low == null || high == null) {
                    // A file of only nulls has no bounds and adds no values; otherwise the range is unknown.
                    Long fileNulls = file.nullValueCounts() == null ? null : file.nullValueCounts().get(id);
                    if (fileNulls == null || fileNulls != file.recordCount()) {
                        unbounded.add(id);
                    }
                    continue;
                }
                lower.merge(id, asLong(column.getValue(), low), Math::min);
                upper.merge(id, asLong(column.getValue(), high), Math::max);
            }
        });
        uncounted.forEach(nulls::remove);
        Map<Integer, Double> distinct = new HashMap<>();
        for (int id : ranged.keySet()) {
            if (!unbounded.contains(id) && lower.containsKey(id)) {
                double width = (double) upper.get(id) - (double) lower.get(id) + 1;
                distinct.put(id, Math.max(1, width));
            }
        }
        return new IcebergColumnStatistics(rows[0], distinct, nulls).capped();
    }

    /**
     * The snapshot's live data files with their statistics: from the planner's {@link SnapshotFiles}, which scans of
     * the snapshot read too, or straight from the manifests for a snapshot too large for it.
     */
    private static void forEachDataFile(Table table, Snapshot snapshot, Consumer<DataFile> action) {
        Optional<SnapshotFiles> cached = SnapshotFiles.of(table, snapshot);
        if (cached.isPresent()) {
            cached.get().dataFiles().forEach(action);
            return;
        }
        try (CloseableIterable<FileScanTask> tasks =
                table.newScan().useSnapshot(snapshot.snapshotId()).includeColumnStats().planFiles()) {
            for (FileScanTask task : tasks) {
                action.accept(task.file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long asLong(Type.PrimitiveType type, ByteBuffer bound) {
        Object value = Conversions.fromByteBuffer(type, bound);
        return ((Number) value).longValue();
    }

    /** Puffin theta sketches of the newest statistics file at or before the snapshot win over the bounds. */
    private IcebergColumnStatistics withSketches(Table table, Snapshot snapshot) {
        StatisticsFile newest = null;
        long newestSequence = -1;
        for (StatisticsFile file : table.statisticsFiles()) {
            Snapshot source = table.snapshot(file.snapshotId());
            if (source != null && source.sequenceNumber() <= snapshot.sequenceNumber()
                    && source.sequenceNumber() > newestSequence) {
                newest = file;
                newestSequence = source.sequenceNumber();
            }
        }
        if (newest == null) {
            return this;
        }
        Map<Integer, Double> merged = new HashMap<>(distinctValues);
        for (BlobMetadata blob : newest.blobMetadata()) {
            String ndv = blob.properties() == null ? null : blob.properties().get("ndv");
            if (THETA_SKETCH.equals(blob.type()) && blob.fields().size() == 1 && ndv != null) {
                try {
                    merged.put(blob.fields().get(0), Math.max(1, Double.parseDouble(ndv)));
                } catch (NumberFormatException e) {
                    // A malformed property is no estimate; the bounds (if any) stay.
                }
            }
        }
        return new IcebergColumnStatistics(rows, merged, nullCounts).capped();
    }

    /** No column has more distinct values than non-null rows. */
    private IcebergColumnStatistics capped() {
        Map<Integer, Double> result = new HashMap<>();
        for (Map.Entry<Integer, Double> entry : distinctValues.entrySet()) {
            long nonNull = rows - nullCounts.getOrDefault(entry.getKey(), 0L);
            result.put(entry.getKey(), Math.max(1, Math.min(entry.getValue(), nonNull)));
        }
        return new IcebergColumnStatistics(rows, result, nullCounts);
    }
}
