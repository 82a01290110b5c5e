package io.sqe.worker.filter;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.types.Types;

/**
 * A residual filter compiled to kernels over the Arrow vectors of a decoded run: {@link #select} computes the
 * selection vector of the run's rows for which the filter is certainly true (see the package documentation for the
 * semantics). Comparisons, IN and NOT IN, IS [NOT] NULL and IS [NOT] NaN on integer, date, time, timestamp, float,
 * double, boolean and decimal columns run over order-preserving long keys ({@link KeyPredicate}); strings compare
 * their bytes in place ({@link StringPredicate}); decimals wider than 18 digits compare 128-bit values. AND narrows
 * the selection child by child (range tests on the same column merged into one), OR evaluates each child on the
 * rows no earlier child kept. Anything else (UUID, binary and fixed columns, transformed terms) is evaluated row by
 * row on the candidate rows only. Not thread-safe: a filter keeps scratch arrays.
 */
public final class VectorFilter {
    private final FilterNode root;

    private VectorFilter(FilterNode root) {
        this.root = root;
    }

    /**
     * @param struct the struct the residual is bound to; {@code vectors[i]} holds its {@code i}th column
     * @param atOffset whether each column's run starts at the run's output offset (an output vector) rather than
     *     at row 0 (a scratch vector)
     */
    public static VectorFilter compile(Types.StructType struct, Expression residual, FieldVector[] vectors,
            boolean[] atOffset) {
        return compile(struct, residual, vectors, atOffset, Map.of());
    }

    /**
     * As {@link #compile(Types.StructType, Expression, FieldVector[], boolean[])}, with the dictionary ids the
     * decoder keeps for some string columns (by struct position): predicates on them run once per dictionary entry.
     */
    public static VectorFilter compile(Types.StructType struct, Expression residual, FieldVector[] vectors,
            boolean[] atOffset, Map<Integer, DictionaryIds> dictionaries) {
        return compile(bind(struct, residual), vectors, atOffset, dictionaries);
    }

    /** Binds a residual to a struct once, for compiling it over the vectors of many files. */
    public static BoundResidual bind(Types.StructType struct, Expression residual) {
        requireNonNull(struct, "struct is null");
        requireNonNull(residual, "residual is null");
        return new BoundResidual(struct, FilterExpressions.bind(struct, residual));
    }

    /**
     * As {@link #compile(Types.StructType, Expression, FieldVector[], boolean[], Map)}, for a residual bound
     * before: the filters of the files of one scan task share its binding and its IN lists' key sets.
     */
    public static VectorFilter compile(BoundResidual residual, FieldVector[] vectors, boolean[] atOffset,
            Map<Integer, DictionaryIds> dictionaries) {
        requireNonNull(residual, "residual is null");
        requireNonNull(dictionaries, "dictionaries is null");
        Types.StructType struct = residual.struct;
        List<Types.NestedField> fields = struct.fields();
        if (vectors.length != fields.size() || atOffset.length != fields.size()) {
            throw new IllegalArgumentException("expected " + fields.size() + " vectors, got " + vectors.length);
        }
        ColumnAccess[] columns = new ColumnAccess[vectors.length];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new ColumnAccess(vectors[i], atOffset[i], fields.get(i).isOptional());
        }
        return new VectorFilter(new FilterCompiler(struct, columns, Map.copyOf(dictionaries), residual.keySets)
                .compile(residual.expression));
    }

    /**
     * A residual bound to a struct, NOT-free, with the key sets of its IN lists as the filters compiled from it
     * build them. Binding copies every IN list, and a join's can hold 30,000 keys; binding once per task rather than
     * once per file, and hashing each list once, saves both. Not thread-safe, like the filters.
     */
    public static final class BoundResidual {
        final Types.StructType struct;
        final Expression expression;
        final Map<KeyPredicate.SetKey, KeyPredicate.Members> keySets = new HashMap<>();

        private BoundResidual(Types.StructType struct, Expression expression) {
            this.struct = struct;
            this.expression = expression;
        }
    }

    /**
     * Evaluates the filter on the {@code count} rows of the run at output offset {@code offset} and writes the rows
     * that pass, ascending, to {@code rows[0..n)}; returns {@code n}.
     *
     * @param rows at least {@code count} long
     */
    public int select(int offset, int count, int[] rows) {
        if (rows.length < count) {
            throw new IllegalArgumentException("rows holds " + rows.length + " rows, not " + count);
        }
        for (int i = 0; i < count; i++) {
            rows[i] = i;
        }
        return root.filter(offset, rows, count);
    }

    enum Constant implements FilterNode {
        TRUE, FALSE;

        @Override
        public int filter(int offset, int[] rows, int count) {
            return this == TRUE ? count : 0;
        }
    }

    /** AND: each child narrows the rows the previous ones kept. */
    static final class Conjunction implements FilterNode {
        private final FilterNode[] children;

        Conjunction(List<FilterNode> children) {
            this.children = children.toArray(new FilterNode[0]);
        }

        @Override
        public int filter(int offset, int[] rows, int count) {
            int kept = count;
            for (FilterNode child : children) {
                if (kept == 0) {
                    return 0;
                }
                kept = child.filter(offset, rows, kept);
            }
            return kept;
        }
    }

    /** OR: each child sees only the rows no earlier child kept; a row is kept when any child keeps it. */
    static final class Disjunction implements FilterNode {
        private final FilterNode[] children;
        private int[] pending = new int[0];
        private int[] candidates = new int[0];
        private byte[] marks = new byte[0];

        Disjunction(List<FilterNode> children) {
            this.children = children.toArray(new FilterNode[0]);
        }

        @Override
        public int filter(int offset, int[] rows, int count) {
            if (count == 0) {
                return 0;
            }
            int rowsInRun = rows[count - 1] + 1;
            if (pending.length < count) {
                pending = new int[Math.max(count, pending.length * 2)];
                candidates = new int[pending.length];
            }
            if (marks.length < rowsInRun) {
                marks = new byte[Math.max(rowsInRun, marks.length * 2)];
            }
            System.arraycopy(rows, 0, pending, 0, count);
            int remaining = count;
            for (int c = 0; c < children.length && remaining > 0; c++) {
                System.arraycopy(pending, 0, candidates, 0, remaining);
                int matched = children[c].filter(offset, candidates, remaining);
                for (int j = 0; j < matched; j++) {
                    marks[candidates[j]] = 1;
                }
                if (c + 1 < children.length && matched > 0) {
                    int left = 0;
                    for (int j = 0; j < remaining; j++) {
                        int row = pending[j];
                        pending[left] = row;
                        left += 1 - marks[row];
                    }
                    remaining = left;
                }
            }
            int kept = 0;
            for (int i = 0; i < count; i++) {
                int row = rows[i];
                rows[kept] = row;
                kept += marks[row];
                marks[row] = 0;
            }
            return kept;
        }
    }

    /** A predicate no kernel covers, evaluated row by row on the candidate rows. */
    static final class RowPredicate implements FilterNode {
        private final BoundPredicate<?> predicate;
        private final RunRow row;

        RowPredicate(BoundPredicate<?> predicate, RunRow row) {
            this.predicate = predicate;
            this.row = row;
        }

        @Override
        public int filter(int offset, int[] rows, int count) {
            int kept = 0;
            for (int i = 0; i < count; i++) {
                row.moveTo(offset, rows[i]);
                if (FilterExpressions.test(predicate, predicate.term().eval(row))) {
                    rows[kept++] = rows[i];
                }
            }
            return kept;
        }
    }
}
