package io.sqe.coordinator.scan;

import io.sqe.planner.ScanTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;

/**
 * Spreads a scan's work over at least as many tasks as it may run at once. Iceberg packs file splits up to the
 * table's {@code read.split.target-size} (128 MiB by default), so a table of many small files (one per INSERT) or a
 * small table with a few row groups plans as one task, which one thread would read alone. When the plan has fewer
 * tasks than the parallelism, its file ranges are cut at row-group starts (the files' split offsets; a file without
 * them stays whole) into pieces of about {@code bytes / parallelism}, and the pieces are packed, largest first onto
 * the least loaded task, into at most {@code parallelism} tasks. A plan that already has enough tasks is
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
                splitOnRowGroups(file, pieceBytes, pieces);
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

    /**
     * Cuts a file range at row-group starts into pieces of at least {@code pieceBytes} (the last may be smaller). The
     * worker reads the row groups whose midpoint falls in its range (parquet-java's rule), so a cut at a row group's
     * start gives that whole row group to exactly one piece.
     */
    private static void splitOnRowGroups(FileScanTask file, long pieceBytes, List<FileScanTask> pieces) {
        List<Long> offsets = file.file().splitOffsets();
        long start = file.start();
        long end = start + file.length();
        if (offsets == null || offsets.size() < 2 || file.length() <= pieceBytes) {
            pieces.add(file);
            return;
        }
        List<Long> rowGroupStarts = new ArrayList<>(offsets);
        Collections.sort(rowGroupStarts);
        long pieceStart = start;
        for (long offset : rowGroupStarts) {
            if (offset > pieceStart && offset < end && offset - pieceStart >= pieceBytes) {
                pieces.add(new FileRange(file, pieceStart, offset - pieceStart));
                pieceStart = offset;
            }
        }
        if (pieceStart == start) {
            pieces.add(file);
        } else {
            pieces.add(new FileRange(file, pieceStart, end - pieceStart));
        }
    }

    /** A byte range of a planned file task: the same file, deletes, spec and residual, fewer row groups. */
    private static final class FileRange implements FileScanTask {
        private final FileScanTask file;
        private final long start;
        private final long length;

        FileRange(FileScanTask file, long start, long length) {
            this.file = file;
            this.start = start;
            this.length = length;
        }

        @Override
        public DataFile file() {
            return file.file();
        }

        @Override
        public List<DeleteFile> deletes() {
            return file.deletes();
        }

        @Override
        public Schema schema() {
            return file.schema();
        }

        @Override
        public PartitionSpec spec() {
            return file.spec();
        }

        @Override
        public long start() {
            return start;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public Expression residual() {
            return file.residual();
        }

        /** Already a piece: not split again. */
        @Override
        public Iterable<FileScanTask> split(long targetSplitSize) {
            return List.of(this);
        }
    }
}
