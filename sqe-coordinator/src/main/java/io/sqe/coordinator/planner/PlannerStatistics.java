package io.sqe.coordinator.planner;

import io.sqe.catalog.calcite.IcebergCalciteTable;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMdDistinctRowCount;
import org.apache.calcite.rel.metadata.RelMdRowCount;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The statistics the cost-based join ordering needs, as Calcite metadata handlers chained before Calcite's
 * defaults: distinct values per column of Iceberg scans (from {@link IcebergCalciteTable#distinctValues}), carried
 * through filters, projections and Calcs, and
 * equi-join row counts of {@code left × right / max(distinct left keys, distinct right keys)}. Calcite's own join
 * estimate ignores the keys (a flat selectivity per equality), which orders TPC-H joins badly.
 *
 * <p>Public only because the handler code Calcite generates with Janino must reach the handler classes.
 */
public final class PlannerStatistics {
    /** One provider for the process, so Janino compiles the handlers once. */
    private static final RelMetadataProvider PROVIDER = ChainedRelMetadataProvider.of(List.of(
            ReflectiveRelMetadataProvider.reflectiveSource(new JoinRowCount(), BuiltInMetadata.RowCount.Handler.class),
            ReflectiveRelMetadataProvider.reflectiveSource(new DistinctRowCount(),
                    BuiltInMetadata.DistinctRowCount.Handler.class),
            DefaultRelMetadataProvider.INSTANCE));
    private static final JaninoRelMetadataProvider HANDLERS = JaninoRelMetadataProvider.of(PROVIDER);

    private PlannerStatistics() {}

    /** Makes every metadata query on {@code cluster} (Hep and Volcano alike) use these statistics. */
    static void install(RelOptCluster cluster) {
        cluster.setMetadataProvider(PROVIDER);
        cluster.setMetadataQuerySupplier(() -> new RelMetadataQuery(HANDLERS));
    }

    /** Row counts of joins from the distinct values of their keys; every other node as Calcite estimates it. */
    public static final class JoinRowCount extends RelMdRowCount {
        @Override
        public Double getRowCount(Join join, RelMetadataQuery metadata) {
            Double estimate = equiJoinRowCount(join, metadata);
            return estimate != null ? estimate : super.getRowCount(join, metadata);
        }
    }

    /** Null when the join has no equality keys or the distinct values of a side's keys are unknown. */
    static Double equiJoinRowCount(Join join, RelMetadataQuery metadata) {
        JoinInfo info = join.analyzeCondition();
        if (info.leftKeys.isEmpty() || !join.getJoinType().projectsRight()) {
            return null;
        }
        Double left = metadata.getRowCount(join.getLeft());
        Double right = metadata.getRowCount(join.getRight());
        Double leftDistinct = metadata.getDistinctRowCount(join.getLeft(), ImmutableBitSet.of(info.leftKeys), null);
        Double rightDistinct = metadata.getDistinctRowCount(join.getRight(), ImmutableBitSet.of(info.rightKeys), null);
        if (left == null || right == null || leftDistinct == null || rightDistinct == null) {
            return null;
        }
        double rows = left * right / Math.max(1, Math.max(leftDistinct, rightDistinct));
        if (!info.isEqui()) {
            RexNode remaining = RexUtil.composeConjunction(join.getCluster().getRexBuilder(), info.nonEquiConditions);
            rows *= RelMdUtil.guessSelectivity(remaining);
        }
        switch (join.getJoinType()) {
            case LEFT:
                return Math.max(rows, left);
            case RIGHT:
                return Math.max(rows, right);
            case FULL:
                return Math.max(rows, Math.max(left, right));
            default:
                return rows;
        }
    }

    /**
     * Distinct values of scanned Iceberg columns, and through a physical plan's {@link Calc}s (for which Calcite has
     * no estimate); other nodes as Calcite estimates them.
     */
    public static final class DistinctRowCount extends RelMdDistinctRowCount {
        @Override
        public Double getDistinctRowCount(TableScan scan, RelMetadataQuery metadata, ImmutableBitSet groupKey,
                RexNode predicate) {
            Double estimate = scanDistinctRowCount(scan, metadata, groupKey, predicate);
            return estimate != null ? estimate : super.getDistinctRowCount(scan, metadata, groupKey, predicate);
        }

        /**
         * A Calc whose keys are input columns: their distinct values in the input under the Calc's condition, as
         * Calcite estimates a Filter's. A predicate on the Calc's output counts with a guessed selectivity.
         */
        public Double getDistinctRowCount(Calc calc, RelMetadataQuery metadata, ImmutableBitSet groupKey,
                RexNode predicate) {
            RexProgram program = calc.getProgram();
            ImmutableBitSet.Builder inputKeys = ImmutableBitSet.builder();
            for (int field : groupKey) {
                RexNode projected = program.expandLocalRef(program.getProjectList().get(field));
                if (!(projected instanceof RexInputRef)) {
                    return null;
                }
                inputKeys.set(((RexInputRef) projected).getIndex());
            }
            RexNode condition = program.getCondition() == null ? null
                    : program.expandLocalRef(program.getCondition());
            Double distinct = metadata.getDistinctRowCount(calc.getInput(), inputKeys.build(), condition);
            Double rows = metadata.getRowCount(calc);
            if (distinct == null || rows == null) {
                return null;
            }
            if (predicate != null && !predicate.isAlwaysTrue()) {
                distinct *= RelMdUtil.guessSelectivity(predicate);
            }
            return Math.min(distinct, rows);
        }
    }

    private static Double scanDistinctRowCount(TableScan scan, RelMetadataQuery metadata, ImmutableBitSet groupKey,
            RexNode predicate) {
        IcebergCalciteTable table = scan.getTable().unwrap(IcebergCalciteTable.class);
        Double rows = metadata.getRowCount(scan);
        if (table == null || rows == null) {
            return null;
        }
        double distinct = 1;
        for (int field : groupKey) {
            int column = scan instanceof SqeTableScan ? ((SqeTableScan) scan).projects().get(field) : field;
            OptionalDouble columnDistinct = table.distinctValues(column);
            if (columnDistinct.isEmpty()) {
                return null;
            }
            distinct *= columnDistinct.getAsDouble();
        }
        distinct = Math.min(distinct, Math.max(1, rows));
        if (predicate == null || predicate.isAlwaysTrue()) {
            return distinct;
        }
        Double selectivity = metadata.getSelectivity(scan, predicate);
        return RelMdUtil.numDistinctVals(distinct, rows * (selectivity == null ? 1 : selectivity));
    }
}
