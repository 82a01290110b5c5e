package io.sqe.worker.parquet;

import java.util.EnumSet;
import java.util.Set;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionVisitors;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.UnboundPredicate;

/**
 * The parts of a residual filter worth checking against each row group's statistics, dictionaries and bloom filters.
 *
 * <p>Each of Iceberg's row-group filters binds the whole residual again for every file, and its dictionary filter
 * sorts every dictionary a predicate names into a tree set, per row group and per predicate: for a 60,000-key
 * dictionary, or a join's 30,000-key {@code IN} list, that costs more than decoding the column. So each filter gets
 * only the predicates it can decide:
 * <ul>
 *   <li><b>Statistics</b>: all but {@code IN} lists longer than {@link #MAX_IN_VALUES}. Such a list (a join's key
 *       set, see the coordinator's join filters) rarely misses a row group's whole [min, max], and the scan planner
 *       has already checked it against each file's bounds.
 *   <li><b>Dictionaries</b>: equality, {@code IN} lists of at most {@link #MAX_DICTIONARY_IN_VALUES} values and
 *       prefix predicates, whose matching values may lie
 *       within the bounds yet be absent. A range predicate rules out a row group from its dictionary only when exact
 *       min/max statistics, which bound the same values, rule it out too; null and NaN tests are the statistics'
 *       as well.
 *   <li><b>Bloom filters</b>: equality and short {@code IN} lists, the only predicates Iceberg checks against them.
 * </ul>
 *
 * <p>Negations are pushed down to the predicates first; dropping a predicate from a conjunction or a disjunction then
 * only weakens the filter, so no filter rules out a row group the residual would keep. The residual filter on the
 * decoded rows still applies the whole residual.
 */
final class RowGroupPredicates {
    /** Longer {@code IN} lists are left to the file-level pruning and the residual filter. */
    static final int MAX_IN_VALUES = 1_024;
    /**
     * Longer {@code IN} lists skip the dictionaries. The cost of a dictionary check is the dictionary's size, not
     * the list's: a short list is typically a user's filter on a column of few values, where it pays; a longer one
     * is typically a join's key set on a key column, whose dictionaries are large (SF 1's {@code l_orderkey}: about
     * 60,000 values a row group) and which the residual filter checks faster on the decoded keys.
     */
    static final int MAX_DICTIONARY_IN_VALUES = 16;

    private static final Set<Expression.Operation> STATISTICS_OPERATIONS = EnumSet.allOf(Expression.Operation.class);
    private static final Set<Expression.Operation> DICTIONARY_OPERATIONS = EnumSet.of(Expression.Operation.EQ,
            Expression.Operation.IN, Expression.Operation.NOT_IN, Expression.Operation.STARTS_WITH,
            Expression.Operation.NOT_STARTS_WITH);
    private static final Set<Expression.Operation> BLOOM_OPERATIONS =
            EnumSet.of(Expression.Operation.EQ, Expression.Operation.IN);

    private RowGroupPredicates() {
    }

    /** What the statistics filter checks; {@code alwaysTrue()} when nothing (then it need not run). */
    static Expression forStatistics(Expression residual) {
        return keep(residual, STATISTICS_OPERATIONS, MAX_IN_VALUES);
    }

    /** What the dictionary filter checks; {@code alwaysTrue()} when nothing. */
    static Expression forDictionaries(Expression residual) {
        return keep(residual, DICTIONARY_OPERATIONS, MAX_DICTIONARY_IN_VALUES);
    }

    /** What the bloom filter checks; {@code alwaysTrue()} when nothing. */
    static Expression forBloomFilters(Expression residual) {
        return keep(residual, BLOOM_OPERATIONS, MAX_IN_VALUES);
    }

    private static Expression keep(Expression residual, Set<Expression.Operation> operations, int maxInValues) {
        return ExpressionVisitors.visit(Expressions.rewriteNot(residual), new Visitor(operations, maxInValues));
    }

    private static final class Visitor extends ExpressionVisitors.ExpressionVisitor<Expression> {
        private final Set<Expression.Operation> operations;
        private final int maxInValues;

        Visitor(Set<Expression.Operation> operations, int maxInValues) {
            this.operations = operations;
            this.maxInValues = maxInValues;
        }

        private boolean keeps(Expression.Operation operation, int literalCount) {
            return operations.contains(operation)
                    && (operation != Expression.Operation.IN || literalCount <= maxInValues);
        }

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
            return keeps(pred.op(), literals) ? pred : Expressions.alwaysTrue();
        }

        @Override
        public <T> Expression predicate(UnboundPredicate<T> pred) {
            int literals = pred.literals() == null ? 0 : pred.literals().size();
            return keeps(pred.op(), literals) ? pred : Expressions.alwaysTrue();
        }
    }
}
