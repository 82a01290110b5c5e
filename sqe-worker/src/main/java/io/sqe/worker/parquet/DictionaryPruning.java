package io.sqe.worker.parquet;

import java.util.EnumSet;
import java.util.Set;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionVisitors;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.UnboundPredicate;

/**
 * The part of a residual filter worth checking against a row group's dictionaries.
 *
 * <p>Iceberg's dictionary filter reads each dictionary the filter names and sorts all its values into a tree set,
 * per row group and per predicate: for a 60,000-key dictionary that costs more than decoding the column. It pays only
 * where a dictionary knows more than the row group's min/max statistics, which are the bounds of the same values:
 * equality, {@code IN} and prefix predicates, whose matching values may lie inside the bounds yet be absent. A range
 * predicate on one column ({@code <}, {@code >=}, ...) rules out a row group from its dictionary exactly when it does
 * from the statistics, so it is left to them; so are null and NaN tests, and {@code IN} lists too long to miss every
 * value of a dictionary (a join's key set, see the coordinator's join filters).
 *
 * <p>Dropping a predicate from a conjunction or disjunction with no negation above it only weakens the filter, so the
 * result never rules out a row group the residual would keep; negations are pushed down first.
 */
final class DictionaryPruning {
    /** Longer {@code IN} lists are left to the statistics and the residual filter. */
    static final int MAX_IN_VALUES = 1_024;

    private static final Set<Expression.Operation> DICTIONARY_OPERATIONS = EnumSet.of(Expression.Operation.EQ,
            Expression.Operation.IN, Expression.Operation.NOT_IN, Expression.Operation.STARTS_WITH,
            Expression.Operation.NOT_STARTS_WITH);

    private DictionaryPruning() {
    }

    /**
     * The predicates of {@code residual} a dictionary can decide better than statistics, or {@code alwaysTrue()} when
     * there are none (then the dictionary filter need not run).
     */
    static Expression predicatesOf(Expression residual) {
        return ExpressionVisitors.visit(Expressions.rewriteNot(residual), new Visitor());
    }

    private static boolean worthChecking(Expression.Operation operation, int literalCount) {
        return DICTIONARY_OPERATIONS.contains(operation)
                && (operation != Expression.Operation.IN || literalCount <= MAX_IN_VALUES);
    }

    private static final class Visitor extends ExpressionVisitors.ExpressionVisitor<Expression> {
        @Override
        public Expression alwaysTrue() {
            return Expressions.alwaysTrue();
        }

        @Override
        public Expression alwaysFalse() {
            return Expressions.alwaysFalse();
        }

        @Override
        public Expression not(Expression result) {
            throw new IllegalStateException("rewriteNot left a NOT in the residual: " + result);
        }

        @Override
        public Expression and(Expression left, Expression right) {
            return Expressions.and(left, right);
        }

        @Override
        public Expression or(Expression left, Expression right) {
            return Expressions.or(left, right);
        }

        @Override
        public <T> Expression predicate(BoundPredicate<T> pred) {
            int literals = pred.isSetPredicate() ? pred.asSetPredicate().literalSet().size() : 1;
            return worthChecking(pred.op(), literals) ? pred : Expressions.alwaysTrue();
        }

        @Override
        public <T> Expression predicate(UnboundPredicate<T> pred) {
            int literals = pred.literals() == null ? 0 : pred.literals().size();
            return worthChecking(pred.op(), literals) ? pred : Expressions.alwaysTrue();
        }
    }
}
