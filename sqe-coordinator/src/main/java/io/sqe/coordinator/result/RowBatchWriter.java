package io.sqe.coordinator.result;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Copies rows in Calcite's internal representation (see {@code TableScanner}) into an Arrow batch. This is
 * the boundary between the row-at-a-time operators above the scan and the client protocols.
 */
public final class RowBatchWriter {
    private final VectorSchemaRoot root;
    private final List<FieldVector> vectors;
    private int rowCount;

    public RowBatchWriter(VectorSchemaRoot root) {
        this.root = requireNonNull(root, "root is null");
        this.vectors = root.getFieldVectors();
    }

    public void reset() {
        for (FieldVector vector : vectors) {
            vector.reset();
        }
        rowCount = 0;
    }

    public int rowCount() {
        return rowCount;
    }

    /** Appends one row; {@code row} is an Object[] for multi-column rows, or the value itself for one column. */
    public void append(Object row) {
        if (vectors.size() == 1 && !(row instanceof Object[])) {
            set(vectors.get(0), rowCount, row);
        } else {
            Object[] values = (Object[]) row;
            for (int i = 0; i < vectors.size(); i++) {
                set(vectors.get(i), rowCount, values[i]);
            }
        }
        rowCount++;
    }

    public void finishBatch() {
        root.setRowCount(rowCount);
    }

    static void set(FieldVector vector, int index, Object value) {
        if (value == null) {
            vector.setNull(index);
            return;
        }
        if (vector instanceof IntVector) {
            ((IntVector) vector).setSafe(index, ((Number) value).intValue());
        } else if (vector instanceof BigIntVector) {
            ((BigIntVector) vector).setSafe(index, ((Number) value).longValue());
        } else if (vector instanceof VarCharVector) {
            ((VarCharVector) vector).setSafe(index, value.toString().getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof DecimalVector) {
            DecimalVector decimals = (DecimalVector) vector;
            decimals.setSafe(index, ((BigDecimal) value).setScale(decimals.getScale(), RoundingMode.HALF_UP));
        } else if (vector instanceof Float8Vector) {
            ((Float8Vector) vector).setSafe(index, ((Number) value).doubleValue());
        } else if (vector instanceof Float4Vector) {
            ((Float4Vector) vector).setSafe(index, ((Number) value).floatValue());
        } else if (vector instanceof BitVector) {
            ((BitVector) vector).setSafe(index, ((Boolean) value) ? 1 : 0);
        } else if (vector instanceof DateDayVector) {
            ((DateDayVector) vector).setSafe(index, ((Number) value).intValue());
        } else if (vector instanceof TimeStampVector) {
            ((TimeStampVector) vector).setSafe(index, Math.multiplyExact(((Number) value).longValue(), 1000L));
        } else if (vector instanceof TimeMicroVector) {
            ((TimeMicroVector) vector).setSafe(index, ((Number) value).longValue() * 1000L);
        } else if (vector instanceof VarBinaryVector) {
            byte[] bytes = value instanceof ByteString ? ((ByteString) value).getBytes() : (byte[]) value;
            ((VarBinaryVector) vector).setSafe(index, bytes);
        } else if (vector instanceof SmallIntVector) {
            ((SmallIntVector) vector).setSafe(index, ((Number) value).shortValue());
        } else if (vector instanceof TinyIntVector) {
            ((TinyIntVector) vector).setSafe(index, ((Number) value).byteValue());
        } else {
            throw new IllegalStateException("no writer for " + vector.getClass().getSimpleName());
        }
    }
}
