package io.sqe.policy.rewrite;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.policy.ObjectName;
import io.sqe.policy.TablePolicy;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.hint.HintPredicates;
import org.apache.calcite.rel.hint.HintStrategyTable;
import org.apache.calcite.rel.hint.Hintable;
import org.apache.calcite.rel.hint.RelHint;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;

/**
 * Puts each table's policy directly above its scan, everywhere in a plan: in joins, set operations, CTEs and
 * sub-queries inside expressions ({@link RexSubQuery}, present because SQE converts with {@code expand=false}).
 *
 * <p>Every scan it has handled carries the hint {@value #APPLIED_HINT}, so rewriting the result again leaves it
 * as it is. A scan whose hint cannot be attached, whose table has no catalog.schema.table name, or whose policy
 * cannot be planned fails the query with ACCESS_DENIED.
 */
public final class PolicyRewriter {
    /** Hint name marking a scan whose policy is already in the plan above it. */
    public static final String APPLIED_HINT = "sqe_policy_applied";

    private static final RelHint APPLIED = RelHint.builder(APPLIED_HINT).build();
    private static final HintStrategyTable POLICY_HINTS = registerHint(HintStrategyTable.builder()).build();

    private PolicyRewriter() {}

    /**
     * Adds the policy hint to a hint strategy table. Calcite rejects hints its cluster does not know; a cluster
     * with no hint table of its own gets one with just this hint, one with its own table must include this.
     */
    public static HintStrategyTable.Builder registerHint(HintStrategyTable.Builder builder) {
        return requireNonNull(builder, "builder is null").hintStrategy(APPLIED_HINT, HintPredicates.TABLE_SCAN);
    }

    /** Where table policies come from; throws ACCESS_DENIED for tables the user may not read. */
    @FunctionalInterface
    public interface TablePolicySource {
        TablePolicy tablePolicy(ObjectName table, RelDataType rowType);
    }

    public static RelNode rewrite(RelNode plan, TablePolicySource policies, PolicyExpressionPlanner planner) {
        requireNonNull(plan, "plan is null");
        requireNonNull(policies, "policies is null");
        requireNonNull(planner, "planner is null");
        ensureHintKnown(plan.getCluster());
        return plan.accept(new Shuttle(policies, planner));
    }

    private static void ensureHintKnown(RelOptCluster cluster) {
        HintStrategyTable table = cluster.getHintStrategies();
        if (table == HintStrategyTable.EMPTY) {
            cluster.setHintStrategies(POLICY_HINTS);
            return;
        }
        boolean known;
        try {
            known = table.validateHint(APPLIED);
        } catch (RuntimeException | AssertionError e) {
            known = false;
        }
        if (!known) {
            throw new IllegalStateException("the cluster's HintStrategyTable lacks the hint " + APPLIED_HINT
                    + "; build it with PolicyRewriter.registerHint");
        }
    }

    /** Whether the scan already has its policy applied. */
    public static boolean isApplied(TableScan scan) {
        return scan.getHints().stream().anyMatch(hint -> hint.hintName.equals(APPLIED_HINT));
    }

    private static final class Shuttle extends RelHomogeneousShuttle {
        private final TablePolicySource policies;
        private final PolicyExpressionPlanner planner;
        private final RexShuttle subQueries = new RexShuttle() {
            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                RexSubQuery visited = (RexSubQuery) super.visitSubQuery(subQuery);
                RelNode rel = visited.rel.accept(Shuttle.this);
                return rel == visited.rel ? visited : visited.clone(rel);
            }
        };

        Shuttle(TablePolicySource policies, PolicyExpressionPlanner planner) {
            this.policies = policies;
            this.planner = planner;
        }

        @Override
        public RelNode visit(RelNode node) {
            if (node instanceof TableScan) {
                return replace((TableScan) node);
            }
            return super.visit(node).accept(subQueries);
        }

        private RelNode replace(TableScan scan) {
            if (isApplied(scan)) {
                return scan;
            }
            List<String> qualifiedName = scan.getTable().getQualifiedName();
            ObjectName table = ObjectName.ofQualifiedTable(qualifiedName).orElseThrow(() -> new SqeException(
                    ErrorCode.ACCESS_DENIED, "Access denied: " + String.join(".", qualifiedName)
                            + " is not a catalog.schema.table name, so no policy can be applied to it"));
            TablePolicy policy = policies.tablePolicy(table, scan.getRowType());
            RelNode marked = ((Hintable) scan).attachHints(List.of(APPLIED));
            if (!(marked instanceof TableScan) || !isApplied((TableScan) marked)) {
                throw new IllegalStateException("scan " + scan.getRelTypeName() + " of " + table
                        + " cannot carry the policy hint");
            }
            if (policy.isUnrestricted()) {
                return marked;
            }
            RelNode planned = planner.plan((TableScan) marked, policy);
            if (!planned.getRowType().equals(scan.getRowType())) {
                throw new IllegalStateException("the policy of " + table + " changes the table's row type from "
                        + scan.getRowType().getFullTypeString() + " to " + planned.getRowType().getFullTypeString());
            }
            return planned;
        }
    }
}
