package io.sqe.coordinator.exec;

import io.sqe.catalog.calcite.IcebergCalciteTable;
import io.sqe.coordinator.planner.SqePartialAggregate;
import io.sqe.coordinator.planner.SqeTableScan;
import io.sqe.coordinator.scan.IcebergTableScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.adapter.enumerable.EnumerableAggregateBase;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableHashJoin;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.adapter.enumerable.EnumerableNestedLoopJoin;
import org.apache.calcite.adapter.enumerable.EnumerableUnion;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates the optimized physical plan (Calcite's Enumerable nodes, with their join order, join types and
 * pushed-down scans) into a columnar plan of {@link PlanNode}s. A plan with a node, type or function the columnar
 * engine does not implement yet is not translated: it runs on Calcite's operators, so every query still runs.
 */
public final class ColumnarPlanner {
    private static final Logger log = LoggerFactory.getLogger(ColumnarPlanner.class);

    private ColumnarPlanner() {}

    /**
     * The outcome of a translation: the columnar plan, or why there is none.
     *
     * @param unsupported why the plan is not columnar, such as "the columnar engine does not support operator
     *     EnumerableWindow"
     */
    public record Translation(Optional<ColumnarPlan> plan, Optional<String> unsupported) {
        public Translation {
            if (plan.isPresent() == unsupported.isPresent()) {
                throw new IllegalArgumentException("a translation has a plan or a reason, not both");
            }
        }
    }

    /** The columnar plan of {@code physical}, or what part of it the columnar engine does not support. */
    public static Translation translate(RelNode physical, RelDataType resultRowType) {
        try {
            for (RelDataTypeField field : resultRowType.getFieldList()) {
                ValueKind.required(field.getType());
            }
            return new Translation(Optional.of(new ColumnarPlan(node(physical), resultRowType)), Optional.empty());
        } catch (Unsupported e) {
            log.debug("Plan runs on Calcite's operators: {} is not supported by the columnar engine", e.getMessage());
            return new Translation(Optional.empty(),
                    Optional.of("the columnar engine does not support " + e.getMessage()));
        }
    }

    private static PlanNode node(RelNode rel) {
        if (rel instanceof SqeTableScan) {
            return scan((SqeTableScan) rel);
        }
        if (rel instanceof SqePartialAggregate) {
            return partialAggregate((SqePartialAggregate) rel);
        }
        if (rel instanceof EnumerableCalc) {
            return calc((EnumerableCalc) rel);
        }
        if (rel instanceof EnumerableHashJoin || rel instanceof EnumerableNestedLoopJoin) {
            return join((Join) rel);
        }
        if (rel instanceof EnumerableAggregateBase) {
            return aggregate((Aggregate) rel);
        }
        if (rel instanceof Sort) {
            Sort sort = (Sort) rel;
            return new SortNode(rel.getRowType(), node(sort.getInput()), sort.getCollation().getFieldCollations(),
                    count(sort.offset, 0), count(sort.fetch, -1));
        }
        if (rel instanceof EnumerableLimit) {
            EnumerableLimit limit = (EnumerableLimit) rel;
            return new SortNode(rel.getRowType(), node(limit.getInput()), List.of(), count(limit.offset, 0),
                    count(limit.fetch, -1));
        }
        if (rel instanceof org.apache.calcite.adapter.enumerable.EnumerableWindow) {
            Window window = (Window) rel;
            if (!window.constants.isEmpty()) {
                throw new Unsupported("window calls with constants");
            }
            return new WindowNode(rel.getRowType(), node(window.getInput()), window);
        }
        if (rel instanceof EnumerableUnion) {
            return union((EnumerableUnion) rel);
        }
        if (rel instanceof Values) {
            return new ValuesNode(rel.getRowType(), ((Values) rel).getTuples(), rel.getCluster().getRexBuilder());
        }
        throw new Unsupported("operator " + rel.getRelTypeName());
    }

    private static long count(RexNode node, long absent) {
        if (node == null) {
            return absent;
        }
        if (!(node instanceof RexLiteral)) {
            throw new Unsupported("OFFSET or FETCH given by a parameter");
        }
        return ((RexLiteral) node).getValueAs(Long.class);
    }

    private static IcebergTableScanner scannerOf(IcebergCalciteTable table) {
        if (!(table.scanner() instanceof IcebergTableScanner)) {
            throw new Unsupported("table " + table.tableName() + " not read through the ScanTask path");
        }
        return (IcebergTableScanner) table.scanner();
    }

    private static PlanNode scan(SqeTableScan scan) {
        IcebergCalciteTable table = scan.getTable().unwrap(IcebergCalciteTable.class);
        if (table == null) {
            throw new Unsupported("scan of " + scan.getTable().getQualifiedName());
        }
        List<Types.NestedField> columns = table.icebergTable().schema().columns();
        List<Integer> fieldIds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int project : scan.projects()) {
            fieldIds.add(columns.get(project).fieldId());
            names.add(columns.get(project).name());
        }
        return new ScanNode(scan.getRowType(), table, scannerOf(table), fieldIds, names, scan.filters(),
                Optional.empty(), "");
    }

    private static PlanNode partialAggregate(SqePartialAggregate aggregate) {
        IcebergCalciteTable table = aggregate.table();
        List<String> names = new ArrayList<>();
        for (int fieldId : aggregate.fieldIds()) {
            names.add(table.icebergTable().schema().findField(fieldId).name());
        }
        return new ScanNode(aggregate.getRowType(), table, scannerOf(table), aggregate.fieldIds(), names,
                aggregate.tableFilters(), Optional.of(aggregate.aggregation()), aggregate.description());
    }

    private static PlanNode calc(EnumerableCalc calc) {
        PlanNode input = node(calc.getInput());
        RexProgram program = calc.getProgram();
        ExpressionCompiler compiler = new ExpressionCompiler(calc.getCluster().getRexBuilder(),
                calc.getInput().getRowType());
        List<RexNode> conjuncts = program.getCondition() == null ? List.of()
                : RelOptUtil.conjunctions(program.expandLocalRef(program.getCondition()));
        List<RexNode> projections = new ArrayList<>();
        program.getProjectList().forEach(reference -> projections.add(program.expandLocalRef(reference)));
        if (conjuncts.isEmpty() && CalcNode.isIdentity(projections, calc.getInput().getRowType())) {
            return input;
        }
        return new CalcNode(calc.getRowType(), input, compiler, conjuncts, projections);
    }

    private static PlanNode join(Join join) {
        JoinRelType type = join.getJoinType();
        switch (type) {
            case INNER:
            case LEFT:
            case RIGHT:
            case FULL:
            case SEMI:
            case ANTI:
                break;
            default:
                throw new Unsupported("join type " + type);
        }
        RexBuilder rexBuilder = join.getCluster().getRexBuilder();
        RelNode left = join.getLeft();
        RelNode right = join.getRight();
        int[] leftKeys;
        int[] rightKeys;
        RexNode remaining;
        if (join instanceof EnumerableHashJoin) {
            JoinInfo info = join.analyzeCondition();
            if (info.nullExclusionFlags.contains(Boolean.FALSE)) {
                throw new Unsupported("join on IS NOT DISTINCT FROM");
            }
            leftKeys = info.leftKeys.toIntArray();
            rightKeys = info.rightKeys.toIntArray();
            remaining = info.getRemaining(rexBuilder);
        } else {
            leftKeys = new int[0];
            rightKeys = new int[0];
            remaining = join.getCondition();
        }
        for (int i = 0; i < leftKeys.length; i++) {
            RelDataType leftType = left.getRowType().getFieldList().get(leftKeys[i]).getType();
            RelDataType rightType = right.getRowType().getFieldList().get(rightKeys[i]).getType();
            if (ValueKind.required(leftType) != ValueKind.required(rightType)
                    || Math.max(0, leftType.getScale()) != Math.max(0, rightType.getScale())
                    || (leftType.getSqlTypeName() == SqlTypeName.CHAR) != (rightType.getSqlTypeName() == SqlTypeName.CHAR)) {
                throw new Unsupported("join key of " + leftType + " and " + rightType);
            }
        }
        RelDataType combined = join.getCluster().getTypeFactory().createJoinType(left.getRowType(), right.getRowType());
        Expr condition = null;
        String conditionText = null;
        if (!remaining.isAlwaysTrue()) {
            condition = new ExpressionCompiler(rexBuilder, combined).compile(remaining);
            conditionText = remaining.toString();
        }
        PlanNode leftNode = node(left);
        PlanNode rightNode = node(right);
        boolean buildLeft = false;
        if (HashJoinNode.buildsLeftSide(type)) {
            org.apache.calcite.rel.metadata.RelMetadataQuery metadata = join.getCluster().getMetadataQuery();
            Double leftRows = metadata.getRowCount(left);
            Double rightRows = metadata.getRowCount(right);
            buildLeft = leftRows != null && rightRows != null && leftRows < rightRows;
        }
        return new HashJoinNode(join.getRowType(), leftNode, rightNode, type, leftKeys, rightKeys, condition,
                conditionText, buildLeft);
    }

    private static PlanNode aggregate(Aggregate aggregate) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            throw new Unsupported("GROUPING SETS, ROLLUP or CUBE");
        }
        PlanNode input = node(aggregate.getInput());
        return new HashAggregateNode(aggregate.getRowType(), input, aggregate.getGroupSet().toArray(),
                aggregate.getAggCallList());
    }

    private static PlanNode union(EnumerableUnion union) {
        List<PlanNode> inputs = new ArrayList<>();
        List<RelDataTypeField> fields = union.getRowType().getFieldList();
        for (RelNode input : union.getInputs()) {
            List<RelDataTypeField> inputFields = input.getRowType().getFieldList();
            for (int i = 0; i < fields.size(); i++) {
                RelDataType expected = fields.get(i).getType();
                RelDataType actual = inputFields.get(i).getType();
                if (ValueKind.required(expected) != ValueKind.required(actual)
                        || Math.max(0, expected.getScale()) != Math.max(0, actual.getScale())) {
                    throw new Unsupported("UNION of " + actual + " into " + expected);
                }
            }
            inputs.add(node(input));
        }
        UnionNode all = new UnionNode(union.getRowType(), inputs);
        if (union.all) {
            return all;
        }
        int[] keys = new int[fields.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i;
        }
        return new HashAggregateNode(union.getRowType(), all, keys, List.of());
    }
}
