package io.sqe.coordinator.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Rewrites {@code WHERE ... AND [NOT] EXISTS (SELECT ... FROM r WHERE <correlated and local predicates>)} into a
 * semi (anti) join of the filtered outer rows with {@code r}, on the correlated predicates. Calcite's sub-query
 * removal and decorrelation would instead join the sub-query with a copy of the outer query's distinct keys: TPC-H
 * Q21's two sub-queries turn its 4-table join into 18 joins. Only the simple shape is rewritten: the
 * correlation appears solely in the predicates of the sub-query's top filter (under projections), and nowhere
 * else in it; any other sub-query is left to the general path.
 */
final class ExistsToSemiJoin {
    private ExistsToSemiJoin() {}

    static RelNode rewrite(RelNode rel) {
        List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (RelNode input : rel.getInputs()) {
            RelNode rewritten = rewrite(input);
            changed |= rewritten != input;
            inputs.add(rewritten);
        }
        RelNode current = changed ? rel.copy(rel.getTraitSet(), inputs) : rel;
        return current instanceof LogicalFilter ? rewriteFilter((LogicalFilter) current) : current;
    }

    private static RelNode rewriteFilter(LogicalFilter filter) {
        if (filter.getVariablesSet().size() != 1) {
            return filter;
        }
        CorrelationId correlation = filter.getVariablesSet().iterator().next();
        List<RexNode> kept = new ArrayList<>();
        List<SemiJoin> semiJoins = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
            boolean negated = conjunct.getKind() == SqlKind.NOT;
            RexNode inner = negated ? ((RexCall) conjunct).getOperands().get(0) : conjunct;
            SemiJoin semiJoin = inner.getKind() == SqlKind.EXISTS && inner instanceof RexSubQuery
                    ? SemiJoin.of((RexSubQuery) inner, negated, correlation, filter.getInput().getRowType().getFieldCount())
                    : null;
            if (semiJoin == null) {
                kept.add(conjunct);
            } else {
                semiJoins.add(semiJoin);
            }
        }
        if (semiJoins.isEmpty()) {
            return filter;
        }
        RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
        RelNode result = filter.getInput();
        List<RexNode> uncorrelated = new ArrayList<>();
        List<RexNode> correlated = new ArrayList<>();
        for (RexNode conjunct : kept) {
            (RexUtil.SubQueryFinder.find(conjunct) == null ? uncorrelated : correlated).add(conjunct);
        }
        // The plain predicates first, so the join conditions among the outer tables stay below the semi joins.
        if (!uncorrelated.isEmpty()) {
            result = LogicalFilter.create(result, RexUtil.composeConjunction(rexBuilder, uncorrelated));
        }
        for (SemiJoin semiJoin : semiJoins) {
            result = LogicalJoin.create(result, semiJoin.right(), List.of(), semiJoin.condition(rexBuilder), Set.of(),
                    semiJoin.negated() ? JoinRelType.ANTI : JoinRelType.SEMI);
        }
        if (!correlated.isEmpty()) {
            result = LogicalFilter.create(result, RexUtil.composeConjunction(rexBuilder, correlated),
                    com.google.common.collect.ImmutableSet.copyOf(filter.getVariablesSet()));
        }
        return result;
    }

    /** One [NOT] EXISTS turned into the right input of a semi (anti) join and its join predicates. */
    private record SemiJoin(RelNode right, List<RexNode> predicates, boolean negated) {
        /** Null when the sub-query does not have the simple shape. */
        static SemiJoin of(RexSubQuery subQuery, boolean negated, CorrelationId correlation, int leftFieldCount) {
            RelNode body = subQuery.rel;
            while (body instanceof LogicalProject) {
                body = ((LogicalProject) body).getInput();
            }
            if (!(body instanceof LogicalFilter) || !((LogicalFilter) body).getVariablesSet().isEmpty()) {
                return null;
            }
            LogicalFilter inner = (LogicalFilter) body;
            if (!RelOptUtil.getVariablesUsed(inner.getInput()).isEmpty()
                    || RexUtil.SubQueryFinder.find(inner.getCondition()) != null) {
                return null;
            }
            List<RexNode> local = new ArrayList<>();
            List<RexNode> joinPredicates = new ArrayList<>();
            RexShuttle toJoinFields = new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    return new RexInputRef(leftFieldCount + ref.getIndex(), ref.getType());
                }

                @Override
                public RexNode visitFieldAccess(RexFieldAccess access) {
                    if (access.getReferenceExpr() instanceof RexCorrelVariable) {
                        return new RexInputRef(access.getField().getIndex(), access.getType());
                    }
                    return super.visitFieldAccess(access);
                }
            };
            for (RexNode conjunct : RelOptUtil.conjunctions(inner.getCondition())) {
                Set<CorrelationId> used = RexUtil.containsCorrelation(conjunct)
                        ? correlationsIn(conjunct) : Set.of();
                if (used.isEmpty()) {
                    local.add(conjunct);
                } else if (used.equals(Set.of(correlation)) && onlyDirectFieldAccess(conjunct)) {
                    joinPredicates.add(conjunct.accept(toJoinFields));
                } else {
                    return null;
                }
            }
            if (joinPredicates.isEmpty()) {
                return null;
            }
            RelNode right = local.isEmpty() ? inner.getInput()
                    : LogicalFilter.create(inner.getInput(),
                            RexUtil.composeConjunction(inner.getCluster().getRexBuilder(), local));
            return new SemiJoin(right, joinPredicates, negated);
        }

        RexNode condition(RexBuilder rexBuilder) {
            return RexUtil.composeConjunction(rexBuilder, predicates);
        }

        private static Set<CorrelationId> correlationsIn(RexNode node) {
            Set<CorrelationId> ids = new java.util.HashSet<>();
            node.accept(new RexShuttle() {
                @Override
                public RexNode visitCorrelVariable(RexCorrelVariable variable) {
                    ids.add(variable.id);
                    return variable;
                }
            });
            return ids;
        }

        /** The correlation variable appears only as {@code $cor.field}, never whole or nested. */
        private static boolean onlyDirectFieldAccess(RexNode node) {
            boolean[] ok = {true};
            node.accept(new RexShuttle() {
                @Override
                public RexNode visitFieldAccess(RexFieldAccess access) {
                    if (access.getReferenceExpr() instanceof RexCorrelVariable) {
                        return access;
                    }
                    return super.visitFieldAccess(access);
                }

                @Override
                public RexNode visitCorrelVariable(RexCorrelVariable variable) {
                    ok[0] = false;
                    return variable;
                }
            });
            return ok[0];
        }
    }
}
