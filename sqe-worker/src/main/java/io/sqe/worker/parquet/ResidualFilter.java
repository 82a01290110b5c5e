package io.sqe.worker.parquet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Evaluates a file task's residual filter on freshly decoded rows with Iceberg's own {@link Evaluator}, through a
 * row view over the Arrow vectors that hands out Iceberg's internal value representations (the generic path
 * evaluates the same expression over {@code InternalRecordWrapper}s, so both paths keep the same rows), then
 * compacts the output vectors to the surviving rows.
 */
final class ResidualFilter {
    private final Evaluator evaluator;
    private final RowView row;
    private final List<FieldVector> outputs;
    private final VectorRuns runs = new VectorRuns();
    private boolean[] keep = new boolean[0];

    /**
     * @param struct the struct the residual's columns are bound to; {@code vectors[i]} holds its {@code i}th column
     * @param vectors the decoded column of each struct position
     * @param projected whether each struct position's vector is an output vector (rows at the run's offset) rather
     *     than a scratch vector (rows from 0)
     * @param outputs the output vectors to compact
     */
    ResidualFilter(Types.StructType struct, Expression residual, FieldVector[] vectors, boolean[] projected,
            List<FieldVector> outputs) {
        requireNonNull(struct, "struct is null");
        requireNonNull(residual, "residual is null");
        this.evaluator = new Evaluator(struct, residual, true);
        this.row = new RowView(struct, vectors.clone(), projected.clone());
        this.outputs = List.copyOf(outputs);
    }

    /**
     * Filters the {@code count} rows just decoded at output rows {@code [offset, offset + count)} (and scratch rows
     * {@code [0, count)}), and returns how many remain, now at {@code [offset, offset + kept)}.
     */
    int apply(int offset, int count) {
        if (keep.length < count) {
            keep = new boolean[Math.max(count, keep.length * 2)];
        }
        int kept = 0;
        row.offset = offset;
        for (int i = 0; i < count; i++) {
            row.index = i;
            keep[i] = evaluator.eval(row);
            if (keep[i]) {
                kept++;
            }
        }
        if (kept == count) {
            return count;
        }
        for (FieldVector vector : outputs) {
            runs.compact(vector, offset, count, keep);
        }
        return kept;
    }

    /** One decoded row, read in Iceberg's internal representation (days, microseconds, ByteBuffers, UUIDs). */
    private static final class RowView implements StructLike {
        private final Type[] types;
        private final FieldVector[] vectors;
        private final boolean[] projected;
        private int offset;
        private int index;

        private RowView(Types.StructType struct, FieldVector[] vectors, boolean[] projected) {
            List<Types.NestedField> fields = struct.fields();
            this.types = new Type[fields.size()];
            for (int i = 0; i < types.length; i++) {
                types[i] = fields.get(i).type();
            }
            this.vectors = vectors;
            this.projected = projected;
        }

        @Override
        public int size() {
            return types.length;
        }

        @Override
        public <T> T get(int pos, Class<T> javaClass) {
            return javaClass.cast(value(pos));
        }

        private Object value(int pos) {
            FieldVector vector = vectors[pos];
            int at = projected[pos] ? offset + index : index;
            if (vector.isNull(at)) {
                return null;
            }
            switch (types[pos].typeId()) {
                case BOOLEAN:
                    return ((BitVector) vector).get(at) != 0;
                case INTEGER:
                case DATE:
                    return vector.getDataBuffer().getInt((long) at * 4);
                case LONG:
                case TIME:
                case TIMESTAMP:
                    return vector.getDataBuffer().getLong((long) at * 8);
                case FLOAT:
                    return vector.getDataBuffer().getFloat((long) at * 4);
                case DOUBLE:
                    return vector.getDataBuffer().getDouble((long) at * 8);
                case DECIMAL:
                    return ((DecimalVector) vector).getObject(at);
                case STRING:
                    return new String(((VarCharVector) vector).get(at), UTF_8);
                case UUID:
                    return UUID.fromString(new String(((VarCharVector) vector).get(at), UTF_8));
                case BINARY:
                case FIXED:
                    return ByteBuffer.wrap(((VarBinaryVector) vector).get(at));
                default:
                    // ParquetBatchReader only decodes the types above.
                    throw new IllegalStateException("No row view for type " + types[pos]);
            }
        }

        @Override
        public <T> void set(int pos, T value) {
            throw new UnsupportedOperationException("Decoded rows are read-only");
        }
    }
}
