package io.sqe.worker.filter;

import static java.util.Objects.requireNonNull;

import org.apache.iceberg.StructLike;
import org.apache.iceberg.expressions.And;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Or;
import org.apache.iceberg.types.Types;

/**
 * A residual filter evaluated one row at a time, with the semantics of {@link VectorFilter}: a row is kept when the
 * expression is certainly true for it (SQL's three-valued logic; a comparison with a null is not true). Iceberg's own
 * {@code Evaluator} instead orders nulls below every value and has two-valued NOT, so it keeps, for example, the rows
 * where {@code x} is null for {@code x < 5}; both paths of the scan must drop the same rows, so the generic reader
 * uses this class too. Thread-safe.
 */
public final class RowFilter {
    private final Expression bound;

    /** @param struct the struct of the rows {@link #test} receives, in Iceberg's internal representation */
    public RowFilter(Types.StructType struct, Expression residual) {
        requireNonNull(struct, "struct is null");
        requireNonNull(residual, "residual is null");
        this.bound = FilterExpressions.bind(struct, residual);
    }

    /** Whether the filter is certainly true for {@code row}. */
    public boolean test(StructLike row) {
        return test(bound, row);
    }

    private static boolean test(Expression expression, StructLike row) {
        switch (expression.op()) {
            case TRUE:
                return true;
            case FALSE:
                return false;
            case AND:
                And and = (And) expression;
                return test(and.left(), row) && test(and.right(), row);
            case OR:
                Or or = (Or) expression;
                return test(or.left(), row) || test(or.right(), row);
            default:
                if (!(expression instanceof BoundPredicate)) {
                    // rewriteNot leaves no NOT, and binding leaves no unbound predicate.
                    throw new IllegalStateException("Unexpected node in a bound residual: " + expression);
                }
                BoundPredicate<?> predicate = (BoundPredicate<?>) expression;
                return FilterExpressions.test(predicate, predicate.term().eval(row));
        }
    }
}
