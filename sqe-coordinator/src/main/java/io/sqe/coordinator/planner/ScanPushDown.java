package io.sqe.coordinator.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.util.ImmutableIntList;

/**
 * Replaces scans of Iceberg tables with {@link SqeTableScan}s and pushes into them the columns that the
 * plan needs and the filters that can prune. Runs bottom-up after the logical rewrites, so filters have
 * already moved down onto their scans.
 */
final class ScanPushDown {
    private ScanPushDown() {}

    static RelNode apply(RelNode plan) {
        return BottomUp.rewrite(plan, ScanPushDown::rewriteNode);
    }

    private static RelNode rewriteNode(RelNode current) {
        if (current instanceof TableScan && !(current instanceof SqeTableScan)
                && current.getTable().unwrap(ProjectableFilterableTable.class) != null) {
            return SqeTableScan.of(current.getCluster(), current.getTable());
        }
        if (current instanceof LogicalFilter && current.getInput(0) instanceof SqeTableScan) {
            LogicalFilter filter = (LogicalFilter) current;
            SqeTableScan scan = (SqeTableScan) filter.getInput();
            List<RexNode> pruning = new ArrayList<>(scan.filters());
            for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
                pruning.add(remap(conjunct, scan.projects()));
            }
            return filter.copy(filter.getTraitSet(), scan.withFilters(pruning), filter.getCondition());
        }
        if (current instanceof LogicalProject) {
            return narrowProject((LogicalProject) current);
        }
        return current;
    }

    private static RelNode narrowProject(LogicalProject project) {
        RelNode input = project.getInput();
        LogicalFilter filter = null;
        if (input instanceof LogicalFilter && input.getInput(0) instanceof SqeTableScan) {
            filter = (LogicalFilter) input;
            input = filter.getInput();
        }
        if (!(input instanceof SqeTableScan)) {
            return project;
        }
        SqeTableScan scan = (SqeTableScan) input;
        TreeSet<Integer> used = new TreeSet<>(RelOptUtil.InputFinder.bits(project.getProjects(), null).asList());
        if (filter != null) {
            used.addAll(RelOptUtil.InputFinder.bits(filter.getCondition()).asList());
        }
        if (used.isEmpty()) {
            used.add(0);
        }
        if (used.size() == scan.projects().size()) {
            return project;
        }
        int[] oldToNew = new int[scan.projects().size()];
        List<Integer> newProjects = new ArrayList<>();
        for (int old : used) {
            oldToNew[old] = newProjects.size();
            newProjects.add(scan.projects().get(old));
        }
        RelNode newInput = scan.withProjects(ImmutableIntList.copyOf(newProjects));
        if (filter != null) {
            newInput = filter.copy(filter.getTraitSet(), newInput, renumber(filter.getCondition(), oldToNew));
        }
        List<RexNode> expressions = new ArrayList<>();
        for (RexNode expression : project.getProjects()) {
            expressions.add(renumber(expression, oldToNew));
        }
        return project.copy(project.getTraitSet(), newInput, expressions, project.getRowType());
    }

    /** Rewrites references to scan output fields into references to table columns. */
    private static RexNode remap(RexNode node, ImmutableIntList projects) {
        return node.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(projects.get(ref.getIndex()), ref.getType());
            }
        });
    }

    private static RexNode renumber(RexNode node, int[] oldToNew) {
        return node.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(oldToNew[ref.getIndex()], ref.getType());
            }
        });
    }
}
