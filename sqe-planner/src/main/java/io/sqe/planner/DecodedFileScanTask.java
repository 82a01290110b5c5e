package io.sqe.planner;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;

/**
 * A {@link FileScanTask} rebuilt from the wire. Unlike Iceberg's own task classes it shares one schema and spec
 * instance across all files of a {@link ScanTask}, and keeps the residual exactly as planned.
 */
final class DecodedFileScanTask implements FileScanTask {
    private final DataFile file;
    private final List<DeleteFile> deletes;
    private final Schema schema;
    private final PartitionSpec spec;
    private final long start;
    private final long length;
    private final Expression residual;

    DecodedFileScanTask(
            DataFile file,
            List<DeleteFile> deletes,
            Schema schema,
            PartitionSpec spec,
            long start,
            long length,
            Expression residual) {
        this.file = requireNonNull(file, "file is null");
        this.deletes = List.copyOf(requireNonNull(deletes, "deletes is null"));
        this.schema = requireNonNull(schema, "schema is null");
        this.spec = requireNonNull(spec, "spec is null");
        if (start < 0 || length < 0) {
            throw new IllegalArgumentException("Invalid byte range of " + file.location() + ": " + start + "+" + length);
        }
        this.start = start;
        this.length = length;
        this.residual = requireNonNull(residual, "residual is null");
    }

    @Override
    public DataFile file() {
        return file;
    }

    @Override
    public List<DeleteFile> deletes() {
        return deletes;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public PartitionSpec spec() {
        return spec;
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
        return residual;
    }

    /** The range was already split on row-group boundaries by the planner; it is not split again. */
    @Override
    public Iterable<FileScanTask> split(long targetSplitSize) {
        return List.of(this);
    }

    @Override
    public String toString() {
        return "DecodedFileScanTask{file=" + file.location() + ", start=" + start + ", length=" + length
                + ", deletes=" + deletes.size() + ", residual=" + residual + "}";
    }
}
