package io.sqe.coordinator.planner;

import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.JoinProjectTransposeRule;

/**
 * Cost-based join ordering without Volcano's exhaustive search (which runs for minutes on TPC-H here; see
 * DEPENDENCIES.md): each tree of inner and outer joins is collapsed into one {@code MultiJoin}, and
 * {@code LoptOptimizeJoinRule} orders it heuristically from the row counts and distinct values of
 * {@link PlannerStatistics}. It puts the larger input of every join on the left, so Enumerable's hash join
 * builds its table on the smaller one (the right).
 */
final class JoinOrdering {
    /** Pull projections above joins so that adjacent joins meet and merge into one MultiJoin. */
    private static final List<RelOptRule> TO_MULTI_JOIN = List.of(
            new ProjectPullUp(JoinProjectTransposeRule.Config.OUTER),
            new ProjectPullUp(JoinProjectTransposeRule.Config.LEFT_OUTER),
            new ProjectPullUp(JoinProjectTransposeRule.Config.RIGHT_OUTER),
            CoreRules.JOIN_TO_MULTI_JOIN,
            CoreRules.PROJECT_MERGE,
            CoreRules.PROJECT_REMOVE);

    private static final HepProgram PROGRAM = new HepProgramBuilder()
            .addMatchOrder(HepMatchOrder.BOTTOM_UP)
            .addRuleCollection(TO_MULTI_JOIN)
            .addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE)
            .addRuleCollection(List.of(CoreRules.PROJECT_MERGE, CoreRules.PROJECT_REMOVE))
            .build();

    private JoinOrdering() {}

    /** {@code rel} with its joins reordered; a plan without joins comes back unchanged. */
    static RelNode reorder(RelNode rel) {
        if (!containsJoin(rel)) {
            return rel;
        }
        HepPlanner planner = new HepPlanner(PROGRAM);
        planner.setRoot(rel);
        return planner.findBestExp();
    }

    /**
     * Calcite's project pull-up through joins, for inner and outer joins only: on a semi or anti join, whose row
     * type is its left input's, the rule fails an assertion. Those joins stay out of the MultiJoin anyway.
     */
    private static final class ProjectPullUp extends JoinProjectTransposeRule {
        ProjectPullUp(JoinProjectTransposeRule.Config config) {
            super(config);
        }

        @Override
        public boolean matches(RelOptRuleCall call) {
            return call.<Join>rel(0).getJoinType().projectsRight();
        }
    }

    private static boolean containsJoin(RelNode rel) {
        if (rel instanceof Join) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (containsJoin(input)) {
                return true;
            }
        }
        return false;
    }
}
