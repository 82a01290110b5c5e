package io.sqe.coordinator.planner;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.util.ImmutableIntList;

/**
 * The scan of an Iceberg table with the projected columns and the pruning filters pushed into it. It
 * streams rows from the table's {@link ProjectableFilterableTable#scan} (the ScanTask path) straight into
 * the generated operators above; the filters are only used to prune, the Filter above still applies them.
 */
public final class SqeTableScan extends TableScan implements EnumerableRel {
    private final ImmutableIntList projects;
    private final List<RexNode> filters;

    SqeTableScan(RelOptCluster cluster, RelOptTable table, ImmutableIntList projects, List<RexNode> filters) {
        super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), List.of(), table);
        this.projects = requireNonNull(projects, "projects is null");
        this.filters = List.copyOf(filters);
        if (projects.isEmpty()) {
            throw new IllegalArgumentException("a scan returns at least one column");
        }
    }

    static SqeTableScan of(RelOptCluster cluster, RelOptTable table) {
        return new SqeTableScan(cluster, table,
                ImmutableIntList.identity(table.getRowType().getFieldCount()), List.of());
    }

    /** The table columns the scan returns, by position in the table's row type. */
    public ImmutableIntList projects() {
        return projects;
    }

    /** Conjuncts over the table's columns that prune files and row groups; the operators above still apply them. */
    public List<RexNode> filters() {
        return filters;
    }

    SqeTableScan withProjects(ImmutableIntList newProjects) {
        return new SqeTableScan(getCluster(), getTable(), newProjects, filters);
    }

    SqeTableScan withFilters(List<RexNode> newFilters) {
        return new SqeTableScan(getCluster(), getTable(), projects, newFilters);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return this;
    }

    @Override
    public RelDataType deriveRowType() {
        List<RelDataTypeField> fields = table.getRowType().getFieldList();
        RelDataType[] types = new RelDataType[projects.size()];
        String[] names = new String[projects.size()];
        for (int i = 0; i < projects.size(); i++) {
            types[i] = fields.get(projects.get(i)).getType();
            names[i] = fields.get(projects.get(i)).getName();
        }
        return getCluster().getTypeFactory().createStructType(List.of(types), List.of(names));
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        List<String> columns = new ArrayList<>();
        for (int project : projects) {
            columns.add(table.getRowType().getFieldList().get(project).getName());
        }
        return super.explainTerms(writer)
                .item("columns", columns)
                .itemIf("pruningFilters", filters, !filters.isEmpty());
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery metadata) {
        double columnFraction = (double) projects.size() / Math.max(1, table.getRowType().getFieldCount());
        return super.computeSelfCost(planner, metadata).multiplyBy(columnFraction);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer preference) {
        JavaRowFormat format = projects.size() == 1 ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY;
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), format);
        ProjectableFilterableTable source = table.unwrapOrThrow(ProjectableFilterableTable.class);
        Expression call = Expressions.call(SqeTableScan.class, "scan",
                implementor.getRootExpression(),
                implementor.stash(source, ProjectableFilterableTable.class),
                Expressions.constant(projects.toIntArray()),
                implementor.stash(filters, List.class));
        return implementor.result(physType, Blocks.toBlock(call));
    }

    /** Called by the generated code. One-column rows are scalars, as Calcite's SCALAR row format requires. */
    @SuppressWarnings("unchecked")
    public static Enumerable<Object> scan(DataContext root, ProjectableFilterableTable table, int[] projects,
            List<RexNode> filters) {
        Enumerable<Object[]> rows = table.scan(root, new ArrayList<>(filters), projects);
        if (projects.length == 1) {
            return rows.select(row -> row[0]);
        }
        return (Enumerable<Object>) (Enumerable<?>) rows;
    }
}
