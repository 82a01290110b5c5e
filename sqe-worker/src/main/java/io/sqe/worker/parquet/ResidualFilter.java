package io.sqe.worker.parquet;

import static java.util.Objects.requireNonNull;

import io.sqe.worker.filter.DictionaryIds;
import io.sqe.worker.filter.VectorFilter;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;

/**
 * Evaluates a file task's residual filter on freshly decoded rows with a {@link VectorFilter} (a selection vector
 * computed by kernels over the decoded vectors; the generic path evaluates the same semantics row by row with
 * {@link io.sqe.worker.filter.RowFilter}, so both paths keep the same rows), then compacts the output vectors to the
 * surviving rows.
 */
final class ResidualFilter {
    private final VectorFilter filter;
    private final List<FieldVector> outputs;
    private final VectorRuns runs = new VectorRuns();
    private int[] selected = new int[0];

    /**
     * @param residual the residual, bound to a struct; {@code vectors[i]} holds the struct's {@code i}th column
     * @param vectors the decoded column of each struct position
     * @param projected whether each struct position's vector is an output vector (rows at the run's offset) rather
     *     than a scratch vector (rows from 0)
     * @param outputs the output vectors to compact
     * @param dictionaries the decoders that keep dictionary ids, by struct position
     */
    ResidualFilter(VectorFilter.BoundResidual residual, FieldVector[] vectors, boolean[] projected,
            List<FieldVector> outputs, Map<Integer, DictionaryIds> dictionaries) {
        requireNonNull(residual, "residual is null");
        this.filter = VectorFilter.compile(residual, vectors, projected, dictionaries);
        this.outputs = List.copyOf(outputs);
    }

    /**
     * Filters the {@code count} rows just decoded at output rows {@code [offset, offset + count)} (and scratch rows
     * {@code [0, count)}), and returns how many remain, now at {@code [offset, offset + kept)}.
     */
    int apply(int offset, int count) {
        if (selected.length < count) {
            selected = new int[Math.max(count, selected.length * 2)];
        }
        int kept = filter.select(offset, count, selected);
        if (kept == count) {
            return count;
        }
        for (FieldVector vector : outputs) {
            runs.compact(vector, offset, selected, kept);
        }
        return kept;
    }
}
