package io.sqe.coordinator.planner;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.calcite.IcebergCalciteTable;
import io.sqe.catalog.calcite.InformationSchema;
import io.sqe.catalog.calcite.SystemCatalogSchema;
import io.sqe.catalog.calcite.SystemJdbcSchema;
import io.sqe.catalog.calcite.SystemRuntimeSchema;
import io.sqe.policy.QueryPolicy;
import io.sqe.policy.rewrite.PolicyRewriter;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.hint.HintStrategyTable;
import org.apache.calcite.rel.hint.Hintable;
import org.apache.calcite.rel.hint.RelHint;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;

/**
 * Puts the statement's access policy into a freshly converted logical plan, before any optimization rule
 * ({@link QueryPolicy#rewrite}). Two things happen first:
 *
 * <ul>
 *   <li>every {@value PolicyRewriter#APPLIED_HINT} hint already in the plan is removed. The rewriter skips scans
 *       that carry it, so only the rewriter itself may set it; a hint written in the SQL text must never count;</li>
 *   <li>scans of the metadata tables ({@code information_schema}, {@code system.jdbc}) are marked as handled. They
 *       are not tables a rule can name: their rows are already filtered by the same policy
 *       ({@link io.sqe.catalog.calcite.CatalogAccess}), so reading them needs no privilege.</li>
 * </ul>
 */
final class PolicyEnforcement {
    private static final RelHint APPLIED = RelHint.builder(PolicyRewriter.APPLIED_HINT).build();
    private static final HintStrategyTable POLICY_HINTS =
            PolicyRewriter.registerHint(HintStrategyTable.builder()).build();

    private PolicyEnforcement() {}

    static RelNode apply(RelNode logical, QueryPolicy policy) {
        requireNonNull(logical, "logical is null");
        requireNonNull(policy, "policy is null");
        RelOptCluster cluster = logical.getCluster();
        if (cluster.getHintStrategies() == HintStrategyTable.EMPTY) {
            // The conversion ran without hint strategies, so Calcite dropped every hint in the SQL text.
            cluster.setHintStrategies(POLICY_HINTS);
        }
        return policy.rewrite(logical.accept(new ScanMarker()));
    }

    private static boolean isMetadataTable(TableScan scan) {
        if (scan.getTable().unwrap(IcebergCalciteTable.class) != null) {
            return false;
        }
        List<String> name = scan.getTable().getQualifiedName();
        return name.size() == 3 && (name.get(1).equals(InformationSchema.NAME)
                || name.get(0).equals(SystemCatalogSchema.NAME) && (name.get(1).equals(SystemJdbcSchema.NAME)
                        || name.get(1).equals(SystemRuntimeSchema.NAME)));
    }

    private static final class ScanMarker extends RelHomogeneousShuttle {
        private final RexShuttle subQueries = new RexShuttle() {
            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                RexSubQuery visited = (RexSubQuery) super.visitSubQuery(subQuery);
                RelNode rel = visited.rel.accept(ScanMarker.this);
                return rel == visited.rel ? visited : visited.clone(rel);
            }
        };

        @Override
        public RelNode visit(RelNode node) {
            if (node instanceof TableScan) {
                return mark((TableScan) node);
            }
            return super.visit(node).accept(subQueries);
        }

        private static RelNode mark(TableScan scan) {
            if (!(scan instanceof Hintable)) {
                return scan;
            }
            List<RelHint> hints = scan.getHints().stream()
                    .filter(hint -> !hint.hintName.equals(PolicyRewriter.APPLIED_HINT))
                    .toList();
            RelNode marked = hints.size() == scan.getHints().size() ? scan : ((Hintable) scan).withHints(hints);
            return isMetadataTable(scan) ? ((Hintable) marked).attachHints(List.of(APPLIED)) : marked;
        }
    }
}
