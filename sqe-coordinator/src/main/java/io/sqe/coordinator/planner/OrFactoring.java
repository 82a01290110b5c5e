package io.sqe.coordinator.planner;

import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Pulls the terms common to every branch of an OR out in front of it: {@code (a AND b) OR (a AND c)} becomes
 * {@code a AND (b OR c)}, in filter and join conditions. No core Calcite rule does this, and without it a join key
 * repeated in each branch (TPC-H Q19: {@code p_partkey = l_partkey} in all three) is invisible to the join rules,
 * leaving a nested-loop cross product, and single-table terms never reach the scans.
 */
final class OrFactoring {
    private OrFactoring() {}

    static RelNode rewrite(RelNode plan) {
        return plan.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (visited instanceof Filter) {
                    Filter filter = (Filter) visited;
                    RexNode factored = factor(filter, filter.getCondition());
                    return factored == filter.getCondition() ? filter : filter.copy(filter.getTraitSet(),
                            filter.getInput(), factored);
                }
                if (visited instanceof Join) {
                    Join join = (Join) visited;
                    RexNode factored = factor(join, join.getCondition());
                    return factored == join.getCondition() ? join : join.copy(join.getTraitSet(), factored,
                            join.getLeft(), join.getRight(), join.getJoinType(), join.isSemiJoinDone());
                }
                return visited;
            }
        });
    }

    private static RexNode factor(RelNode node, RexNode condition) {
        RexNode factored = RexUtil.pullFactors(node.getCluster().getRexBuilder(), condition);
        return factored.equals(condition) ? condition : factored;
    }
}
