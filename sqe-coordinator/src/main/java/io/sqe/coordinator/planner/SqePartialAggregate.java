package io.sqe.coordinator.planner;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.calcite.IcebergCalciteTable;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.coordinator.scan.IcebergTableScanner;
import io.sqe.planner.aggregation.ScanAggregation;
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
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A partial aggregation pushed into the scan below it ({@link AggregatePushDown}): the worker filters, projects and
 * aggregates each scan task's batches columnar and returns one row per group per task; the final Aggregate above
 * combines them. The input is the {@link SqeTableScan} whose columns the aggregation reads; it is kept as the input
 * so the plan still names the table it reads and the scan's statistics stay those of a plain scan, but it is never
 * executed on its own: this node runs the scan itself, with the aggregation in its ScanTasks.
 *
 * <p>Output: the group keys in order, then one column per aggregate (partial counts, sums, minima, maxima).
 */
public final class SqePartialAggregate extends SingleRel implements EnumerableRel {
    private final IcebergCalciteTable table;
    private final List<Integer> fieldIds;
    private final List<RexNode> tableFilters;
    private final ScanAggregation aggregation;
    private final String description;
    private final RelDataType partialRowType;
    private final ImmutableBitSet keyColumns;

    /**
     * @param fieldIds the Iceberg field ids of the scan's columns, which the aggregation reads by position
     * @param tableFilters the scan's pruning conjuncts over the Iceberg schema's columns
     * @param description the aggregation with column names, for EXPLAIN
     * @param keyColumns the scan columns that are group keys, when every group key is a plain column; else empty
     */
    SqePartialAggregate(RelOptCluster cluster, RelNode scan, IcebergCalciteTable table, List<Integer> fieldIds,
            List<RexNode> tableFilters, ScanAggregation aggregation, String description, RelDataType partialRowType,
            ImmutableBitSet keyColumns) {
        super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), scan);
        this.table = requireNonNull(table, "table is null");
        this.fieldIds = List.copyOf(fieldIds);
        this.tableFilters = List.copyOf(tableFilters);
        this.aggregation = requireNonNull(aggregation, "aggregation is null");
        this.description = requireNonNull(description, "description is null");
        this.partialRowType = requireNonNull(partialRowType, "partialRowType is null");
        this.keyColumns = requireNonNull(keyColumns, "keyColumns is null");
    }

    public ScanAggregation aggregation() {
        return aggregation;
    }

    public IcebergCalciteTable table() {
        return table;
    }

    /** The Iceberg field ids of the columns the aggregation reads, in its column order. */
    public List<Integer> fieldIds() {
        return fieldIds;
    }

    /** Pruning conjuncts over the Iceberg schema's columns. */
    public List<RexNode> tableFilters() {
        return tableFilters;
    }

    /** The aggregation with column names, for EXPLAIN. */
    public String description() {
        return description;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new SqePartialAggregate(getCluster(), sole(inputs), table, fieldIds, tableFilters, aggregation,
                description, partialRowType, keyColumns);
    }

    @Override
    protected RelDataType deriveRowType() {
        return partialRowType;
    }

    @Override
    public RelWriter explainTerms(RelWriter writer) {
        return super.explainTerms(writer).item("pushedAggregation", description);
    }

    @Override
    public double estimateRowCount(RelMetadataQuery metadata) {
        double rows = metadata.getRowCount(getInput());
        if (aggregation.groupKeys().isEmpty()) {
            return 1;
        }
        Double distinct = keyColumns.isEmpty() ? null : metadata.getDistinctRowCount(getInput(), keyColumns, null);
        return distinct != null ? Math.min(distinct, rows) : Math.max(1, rows / 10);
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery metadata) {
        // Cheaper than the rows it replaces: the worker aggregates without materializing them.
        return planner.getCostFactory().makeCost(estimateRowCount(metadata), 0, 0);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer preference) {
        JavaRowFormat format = partialRowType.getFieldCount() == 1 ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY;
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), format);
        Expression call = Expressions.call(SqePartialAggregate.class, "scan",
                implementor.getRootExpression(),
                // Stashes are shared by object: the plain scan of the same table may have stashed it under this type.
                implementor.stash(table, ProjectableFilterableTable.class),
                implementor.stash(fieldIds, List.class),
                implementor.stash(tableFilters, List.class),
                implementor.stash(aggregation, ScanAggregation.class),
                Expressions.constant(partialRowType.getFieldCount() == 1));
        return implementor.result(physType, Blocks.toBlock(call));
    }

    /** Called by the generated code. One-column rows are scalars, as Calcite's SCALAR row format requires. */
    @SuppressWarnings("unchecked")
    public static Enumerable<Object> scan(DataContext root, ProjectableFilterableTable source, List<Integer> fieldIds,
            List<RexNode> tableFilters, ScanAggregation aggregation, boolean scalar) {
        IcebergCalciteTable table = (IcebergCalciteTable) source;
        if (!(table.scanner() instanceof IcebergTableScanner)) {
            throw new SqeException(ErrorCode.INTERNAL_ERROR, "Table " + table.tableName()
                    + " is not read through the ScanTask path, so an aggregation cannot be pushed into its scan");
        }
        Enumerable<Object[]> rows = ((IcebergTableScanner) table.scanner())
                .scanAggregated(table.icebergTable(), fieldIds, tableFilters, aggregation, root);
        if (scalar) {
            return rows.select(row -> row[0]);
        }
        return (Enumerable<Object>) (Enumerable<?>) rows;
    }
}
