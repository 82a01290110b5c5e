package io.sqe.coordinator.scan;

import io.sqe.planner.ScanTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.FileScanTask;

/**
 * Spreads a scan's work over at least as many tasks as it may run at once. Iceberg packs file splits up to the
 * table's {@code read.split.target-size} (128 MiB by default), so a table of many small files (one per INSERT) or a
 * small table with a few row groups plans as one task, which one thread would read alone. When the plan has fewer
 * tasks than the parallelism, its files are split on their row-group boundaries (Iceberg's split offsets; a file
 * without them stays whole) into pieces of about {@code bytes / parallelism}, and the pieces are packed, largest
 * first onto the least loaded task, into at most {@code parallelism} tasks. A plan that already has enough tasks is
 * left as Iceberg made it.
 */
final class ScanTaskSpreader {
    private ScanTaskSpreader() {}

    static List<ScanTask> spread(List<ScanTask> tasks, int parallelism) {
        if (parallelism <= 1 || tasks.isEmpty() || tasks.size() >= parallelism) {
            return tasks;
        }
        long bytes = 0;
        for (ScanTask task : tasks) {
            for (FileScanTask file : task.files()) {
                bytes += file.length();
            }
        }
        long pieceBytes = Math.max(1, (bytes + parallelism - 1) / parallelism);
        List<FileScanTask> pieces = new ArrayList<>();
        for (ScanTask task : tasks) {
            for (FileScanTask file : task.files()) {
                if (isWholeFileWithRowGroups(file)) {
                    file.split(pieceBytes).forEach(pieces::add);
                } else {
                    pieces.add(file);
                }
            }
        }
        int count = Math.min(parallelism, pieces.size());
        if (count <= tasks.size()) {
            return tasks;
        }
        pieces.sort(Comparator.comparingLong(FileScanTask::length).reversed());
        List<List<FileScanTask>> groups = new ArrayList<>(count);
        long[] loads = new long[count];
        for (int i = 0; i < count; i++) {
            groups.add(new ArrayList<>());
        }
        for (FileScanTask piece : pieces) {
            int lightest = 0;
            for (int i = 1; i < count; i++) {
                if (loads[i] < loads[lightest]) {
                    lightest = i;
                }
            }
            groups.get(lightest).add(piece);
            loads[lightest] += piece.length();
        }
        ScanTask model = tasks.get(0);
        List<ScanTask> spread = new ArrayList<>(count);
        for (List<FileScanTask> group : groups) {
            spread.add(new ScanTask(model.formatVersion(), model.queryId(), spread.size(), model.tableName(),
                    model.schema(), model.projectedFieldIds(), model.partitionSpecs(), group, model.limit(),
                    model.nameMapping(), model.storageProperties(), model.aggregation()));
        }
        return List.copyOf(spread);
    }

    /** Only whole files are split, and only on row-group boundaries: Iceberg's splits are not split again. */
    private static boolean isWholeFileWithRowGroups(FileScanTask file) {
        List<Long> offsets = file.file().splitOffsets();
        return offsets != null && offsets.size() > 1 && file.start() == 0
                && file.length() == file.file().fileSizeInBytes();
    }
}
