package io.sqe.planner;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The live data files of one table snapshot, each with its column statistics and the delete files that apply to it,
 * read from the manifests once and kept: a snapshot never changes, so every later scan of it plans from memory
 * instead of opening, decoding and filtering each manifest again (about 3 ms per manifest on the build machine, 75 ms
 * for a table of 25 appends).
 *
 * <p>Entries are keyed by table UUID and snapshot id. The cache holds at most {@link #MAX_CACHED_VALUES} column
 * statistics values (files times columns, plus one per file) across all tables, least recently used out first; a
 * snapshot that alone would take more than a quarter of that is not kept, and its scans plan through Iceberg's
 * manifest reading every time.
 */
public final class SnapshotFiles {
    /** The cache's bound, in files times (columns + 1): about 100 MB of statistics at most. */
    static final long MAX_CACHED_VALUES = 2_000_000;

    private static final Cache<String, SnapshotFiles> CACHE = Caffeine.newBuilder()
            .maximumWeight(MAX_CACHED_VALUES)
            .weigher((String key, SnapshotFiles files) -> (int) Math.min(Integer.MAX_VALUE, files.weight))
            .build();

    /**
     * One live data file.
     *
     * @param file the file with its column statistics, for pruning
     * @param withoutStatistics the same file without them, for the scan task (as Iceberg's planning hands it out)
     * @param deletes the delete files that may apply to it
     */
    record Entry(DataFile file, DataFile withoutStatistics, DeleteFile[] deletes) {
        Entry {
            requireNonNull(file, "file is null");
            requireNonNull(withoutStatistics, "withoutStatistics is null");
            requireNonNull(deletes, "deletes is null");
        }
    }

    private final List<Entry> entries;
    private final int dataManifests;
    private final long weight;

    private SnapshotFiles(List<Entry> entries, int dataManifests, long weight) {
        this.entries = List.copyOf(entries);
        this.dataManifests = dataManifests;
        this.weight = weight;
    }

    /**
     * The files of {@code snapshot} of {@code table}, from the cache or read now; empty when the snapshot is too
     * large to keep, or the table has no UUID or the snapshot no file count to size it by.
     *
     * @throws UncheckedIOException or Iceberg's {@code NotFoundException} when a manifest cannot be read
     */
    public static Optional<SnapshotFiles> of(Table table, Snapshot snapshot) {
        requireNonNull(table, "table is null");
        requireNonNull(snapshot, "snapshot is null");
        long weight = weight(snapshot, table.schema().columns().size());
        if (weight < 0 || weight > MAX_CACHED_VALUES / 4) {
            return Optional.empty();
        }
        String key;
        try {
            key = table.uuid() + "@" + snapshot.snapshotId();
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
        return Optional.of(CACHE.get(key, ignored -> read(table, snapshot, weight)));
    }

    /** The live data files, in manifest order. */
    List<Entry> entries() {
        return entries;
    }

    /** The live data files with their column statistics, in manifest order. */
    public List<DataFile> dataFiles() {
        return entries.stream().map(Entry::file).toList();
    }

    /** The data manifests of the snapshot. */
    int dataManifests() {
        return dataManifests;
    }

    /** Files times (columns + 1), from the snapshot summary; -1 without a file count. */
    private static long weight(Snapshot snapshot, int columns) {
        Map<String, String> summary = snapshot.summary();
        String files = summary == null ? null : summary.get(SnapshotSummary.TOTAL_DATA_FILES_PROP);
        if (files == null) {
            return -1;
        }
        try {
            return Math.multiplyExact(Long.parseLong(files), columns + 1L);
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    private static SnapshotFiles read(Table table, Snapshot snapshot, long weight) {
        List<Entry> entries = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks =
                table.newScan().useSnapshot(snapshot.snapshotId()).includeColumnStats().planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                entries.add(new Entry(file, file.copyWithoutStats(), task.deletes().toArray(new DeleteFile[0])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SnapshotFiles(entries, snapshot.dataManifests(table.io()).size(), weight);
    }
}
