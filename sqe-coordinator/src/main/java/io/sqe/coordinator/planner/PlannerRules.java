package io.sqe.coordinator.planner;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rules.CoreRules;

/** The rule sets of each planning phase, kept together so the phases read in one place. */
final class PlannerRules {
    private static final List<RelOptRule> SUB_QUERY_REMOVAL = List.of(
            CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
            CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
            CoreRules.JOIN_SUB_QUERY_TO_CORRELATE);

    /** Logical rewrites that only ever make the plan cheaper: push filters down, merge, fold constants. */
    private static final List<RelOptRule> LOGICAL_REWRITES = List.of(
            CoreRules.FILTER_INTO_JOIN,
            CoreRules.JOIN_CONDITION_PUSH,
            CoreRules.FILTER_PROJECT_TRANSPOSE,
            CoreRules.FILTER_AGGREGATE_TRANSPOSE,
            CoreRules.FILTER_SET_OP_TRANSPOSE,
            CoreRules.FILTER_MERGE,
            CoreRules.PROJECT_MERGE,
            CoreRules.PROJECT_REMOVE,
            CoreRules.AGGREGATE_REDUCE_FUNCTIONS,
            CoreRules.AGGREGATE_EXPAND_DISTINCT_AGGREGATES_TO_JOIN,
            CoreRules.FILTER_REDUCE_EXPRESSIONS,
            CoreRules.PROJECT_REDUCE_EXPRESSIONS,
            CoreRules.JOIN_REDUCE_EXPRESSIONS);

    private PlannerRules() {}

    static RelNode removeSubQueries(RelNode rel) {
        return runHep(rel, SUB_QUERY_REMOVAL);
    }

    static RelNode rewriteLogical(RelNode rel, java.time.ZoneId sessionZone) {
        RelNode rewritten = runHep(OrFactoring.rewrite(DateArithmeticFolding.fold(rel)), LOGICAL_REWRITES);
        rewritten = runHep(rewritten, List.of(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW));
        return AggregatePushDown.apply(ScanPushDown.apply(TimestampCasts.rewrite(DecimalDivision.rewrite(rewritten), sessionZone)));
    }

    static void registerPhysicalRules(RelOptPlanner planner) {
        // EnumerableProject and EnumerableFilter cannot generate code; projections and filters become Calcs.
        List<RelOptRule> excluded = List.of(EnumerableRules.ENUMERABLE_MERGE_JOIN_RULE,
                EnumerableRules.ENUMERABLE_PROJECT_RULE, EnumerableRules.ENUMERABLE_FILTER_RULE,
                EnumerableRules.ENUMERABLE_VALUES_RULE);
        for (RelOptRule rule : EnumerableRules.ENUMERABLE_RULES) {
            if (!excluded.contains(rule)) {
                planner.addRule(rule);
            }
        }
        planner.addRule(EnumerableRules.ENUMERABLE_LIMIT_SORT_RULE);
        planner.addRule(SqeValues.RULE);
        planner.addRule(CoreRules.PROJECT_TO_CALC);
        planner.addRule(CoreRules.FILTER_TO_CALC);
        planner.addRule(CoreRules.CALC_MERGE);
        planner.addRule(EnumerableRules.ENUMERABLE_CALC_RULE);
    }

    private static RelNode runHep(RelNode rel, List<RelOptRule> rules) {
        HepProgramBuilder program = new HepProgramBuilder().addMatchOrder(HepMatchOrder.BOTTOM_UP);
        program.addRuleCollection(rules);
        HepPlanner planner = new HepPlanner(program.build());
        planner.setRoot(rel);
        return planner.findBestExp();
    }
}
