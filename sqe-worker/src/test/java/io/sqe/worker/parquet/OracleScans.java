package io.sqe.worker.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqe.planner.ScanPlan;
import io.sqe.planner.ScanTask;
import io.sqe.planner.ScanTaskCodec;
import io.sqe.worker.ScanBatches;
import io.sqe.worker.ScanExecutor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.Text;

/**
 * Runs a scan plan through the bulk decoder and through the generic row reader (the oracle), and collects what
 * each produced: fields, rows as Java values, batch sizes, and which path read the files.
 */
final class OracleScans implements AutoCloseable {
    private final ScanExecutor bulk;
    private final ScanExecutor generic;
    private final BufferAllocator allocator;

    OracleScans(int batchSize, BufferAllocator allocator) {
        this.bulk = new ScanExecutor(batchSize, true);
        this.generic = new ScanExecutor(batchSize, false);
        this.allocator = allocator;
    }

    /** Scans with both paths, checks they agree exactly, and returns the bulk result. */
    Result compare(ScanPlan plan) {
        Result expected = run(generic, plan);
        Result actual = run(bulk, plan);
        assertThat(expected.genericFiles()).isEqualTo(expected.files());
        assertThat(actual.fields()).isEqualTo(expected.fields());
        assertThat(actual.rows()).hasSameSizeAs(expected.rows());
        for (int row = 0; row < expected.rows().size(); row++) {
            assertThat(actual.rows().get(row)).as("row %d", row).isEqualTo(expected.rows().get(row));
        }
        assertThat(actual.batchSizes()).isEqualTo(expected.batchSizes());
        return actual;
    }

    Result run(ScanExecutor executor, ScanPlan plan) {
        Result result = new Result(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new int[3]);
        for (ScanTask task : plan.tasks()) {
            try (ScanBatches batches = executor.execute(ScanTaskCodec.encode(task), allocator)) {
                result.fields().clear();
                result.fields().addAll(batches.root().getSchema().getFields());
                while (batches.next()) {
                    VectorSchemaRoot root = batches.root();
                    result.batchSizes().add(root.getRowCount());
                    for (int row = 0; row < root.getRowCount(); row++) {
                        List<Object> values = new ArrayList<>();
                        for (FieldVector vector : root.getFieldVectors()) {
                            values.add(javaValue(vector, row));
                        }
                        result.rows().add(values);
                    }
                }
                result.counts()[0] += batches.filesDecodedInBulk();
                result.counts()[1] += batches.filesReadGenerically();
            }
        }
        return result;
    }

    private static Object javaValue(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        Object value = vector.getObject(row);
        if (value instanceof Text) {
            return value.toString();
        }
        if (value instanceof byte[]) {
            return HexFormat.of().formatHex((byte[]) value);
        }
        if (value instanceof ByteBuffer) {
            return HexFormat.of().formatHex(((ByteBuffer) value).array());
        }
        return value;
    }

    @Override
    public void close() {
        bulk.close();
        generic.close();
    }

    record Result(List<Field> fields, List<List<Object>> rows, List<Integer> batchSizes, int[] counts) {
        int bulkFiles() {
            return counts[0];
        }

        int genericFiles() {
            return counts[1];
        }

        int files() {
            return counts[0] + counts[1];
        }

        List<Object> column(int index) {
            List<Object> values = new ArrayList<>();
            for (List<Object> row : rows) {
                values.add(row.get(index));
            }
            return values;
        }
    }
}
