package io.sqe.coordinator.exec;

import io.sqe.catalog.calcite.IcebergCalciteTable;
import io.sqe.coordinator.planner.SqePartialAggregate;
import io.sqe.coordinator.planner.SqeTableScan;
import io.sqe.coordinator.scan.IcebergTableScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
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
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;
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
        if (rel instanceof EnumerableCalc || rel instanceof EnumerableHashJoin
                || rel instanceof EnumerableNestedLoopJoin) {
            return narrowed(rel, ImmutableBitSet.range(rel.getRowType().getFieldCount())).node();
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

    /**
     * A plan node for a rel that outputs only the fields of the rel its parent reads, in their order, and
     * {@code positions[f]}, where the rel's field {@code f} is in the node's output (-1 when it is dropped). A calc
     * computes only the projections read above it; a join gathers only the columns read above it or by its
     * condition, so a key that only the join itself reads is never copied into its output.
     */
    private record Narrowed(PlanNode node, int[] positions) {
        int position(int field) {
            if (positions[field] < 0) {
                throw new IllegalStateException("field " + field + " is not in " + node.rowType());
            }
            return positions[field];
        }
    }

    /** The node of {@code rel}, narrowed to the fields {@code used} where the rel is a calc or a join. */
    private static Narrowed narrowed(RelNode rel, ImmutableBitSet used) {
        if (rel instanceof EnumerableCalc) {
            return calc((EnumerableCalc) rel, used);
        }
        if (rel instanceof EnumerableHashJoin || rel instanceof EnumerableNestedLoopJoin) {
            return join((Join) rel, used);
        }
        return new Narrowed(node(rel), ranks(ImmutableBitSet.range(rel.getRowType().getFieldCount()),
                rel.getRowType().getFieldCount()));
    }

    /** Each field's position among {@code used}, -1 for the fields not in it. */
    private static int[] ranks(ImmutableBitSet used, int fieldCount) {
        int[] ranks = new int[fieldCount];
        java.util.Arrays.fill(ranks, -1);
        int rank = 0;
        for (int field : used) {
            ranks[field] = rank++;
        }
        return ranks;
    }

    /** The fields of {@code type} at {@code used}; {@code type} itself when that is all of them. */
    private static RelDataType fieldsOf(RelDataType type, ImmutableBitSet used, RelDataTypeFactory typeFactory) {
        if (used.cardinality() == type.getFieldCount()) {
            return type;
        }
        List<RelDataTypeField> fields = new ArrayList<>();
        for (int field : used) {
            fields.add(type.getFieldList().get(field));
        }
        return typeFactory.createStructType(fields);
    }

    /** {@code node} with each input reference {@code $f} replaced by {@code $position(f)}. */
    private static RexNode renumber(RexNode node, IntUnaryOperator position) {
        return node.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef reference) {
                return new RexInputRef(position.applyAsInt(reference.getIndex()), reference.getType());
            }
        });
    }

    private static Narrowed calc(EnumerableCalc calc, ImmutableBitSet used) {
        RexProgram program = calc.getProgram();
        List<RexNode> conjuncts = program.getCondition() == null ? List.of()
                : RelOptUtil.conjunctions(program.expandLocalRef(program.getCondition()));
        List<RexNode> projections = new ArrayList<>();
        for (int field : used) {
            projections.add(program.expandLocalRef(program.getProjectList().get(field)));
        }
        List<RexNode> read = new ArrayList<>(conjuncts);
        read.addAll(projections);
        Narrowed input = narrowed(calc.getInput(), RelOptUtil.InputFinder.bits(read, null));
        conjuncts = conjuncts.stream().map(conjunct -> renumber(conjunct, input::position)).toList();
        projections = projections.stream().map(projection -> renumber(projection, input::position)).toList();
        int[] positions = ranks(used, calc.getRowType().getFieldCount());
        if (conjuncts.isEmpty() && CalcNode.isIdentity(projections, input.node().rowType())) {
            return new Narrowed(input.node(), positions);
        }
        ExpressionCompiler compiler = new ExpressionCompiler(calc.getCluster().getRexBuilder(),
                input.node().rowType());
        RelDataType rowType = fieldsOf(calc.getRowType(), used, calc.getCluster().getTypeFactory());
        return new Narrowed(new CalcNode(rowType, input.node(), compiler, conjuncts, projections), positions);
    }

    private static Narrowed join(Join join, ImmutableBitSet used) {
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
        int leftCount = left.getRowType().getFieldCount();
        int rightCount = right.getRowType().getFieldCount();
        ImmutableBitSet conditionFields = remaining.isAlwaysTrue() ? ImmutableBitSet.of()
                : RelOptUtil.InputFinder.bits(remaining);
        ImmutableBitSet.Builder needed = used.union(conditionFields).rebuild();
        for (int i = 0; i < leftKeys.length; i++) {
            needed.set(leftKeys[i]);
            needed.set(leftCount + rightKeys[i]);
        }
        ImmutableBitSet need = needed.build();
        Narrowed leftNode = narrowed(left, need.get(0, leftCount));
        Narrowed rightNode = narrowed(right, need.get(leftCount, leftCount + rightCount).shift(-leftCount));
        int leftWidth = leftNode.node().rowType().getFieldCount();
        IntUnaryOperator position = field -> field < leftCount ? leftNode.position(field)
                : leftWidth + rightNode.position(field - leftCount);
        for (int i = 0; i < leftKeys.length; i++) {
            RelDataType leftType = left.getRowType().getFieldList().get(leftKeys[i]).getType();
            RelDataType rightType = right.getRowType().getFieldList().get(rightKeys[i]).getType();
            if (ValueKind.required(leftType) != ValueKind.required(rightType)
                    || Math.max(0, leftType.getScale()) != Math.max(0, rightType.getScale())
                    || (leftType.getSqlTypeName() == SqlTypeName.CHAR) != (rightType.getSqlTypeName() == SqlTypeName.CHAR)) {
                throw new Unsupported("join key of " + leftType + " and " + rightType);
            }
        }
        int[] narrowLeftKeys = new int[leftKeys.length];
        int[] narrowRightKeys = new int[rightKeys.length];
        for (int i = 0; i < leftKeys.length; i++) {
            narrowLeftKeys[i] = leftNode.position(leftKeys[i]);
            narrowRightKeys[i] = rightNode.position(rightKeys[i]);
        }
        // a matched pair gathers the columns the condition reads, and the output columns when pairs are output
        RelDataTypeFactory typeFactory = join.getCluster().getTypeFactory();
        ImmutableBitSet pairFields = type.projectsRight() ? used.union(conditionFields) : conditionFields;
        int[] pairRanks = ranks(pairFields, leftCount + rightCount);
        int[] pairColumns = pairFields.asList().stream().mapToInt(position::applyAsInt).toArray();
        int[] outputLayout = used.asList().stream().mapToInt(position::applyAsInt).toArray();
        RelDataType combined = typeFactory.createJoinType(leftNode.node().rowType(), rightNode.node().rowType());
        Expr condition = null;
        String conditionText = null;
        if (!remaining.isAlwaysTrue()) {
            List<RelDataTypeField> pairTypes = new ArrayList<>();
            for (int column : pairColumns) {
                pairTypes.add(combined.getFieldList().get(column));
            }
            condition = new ExpressionCompiler(rexBuilder, typeFactory.createStructType(pairTypes))
                    .compile(renumber(remaining, field -> pairRanks[field]));
            conditionText = renumber(remaining, position).toString();
        }
        boolean buildLeft = false;
        if (HashJoinNode.buildsLeftSide(type)) {
            org.apache.calcite.rel.metadata.RelMetadataQuery metadata = join.getCluster().getMetadataQuery();
            Double leftRows = metadata.getRowCount(left);
            Double rightRows = metadata.getRowCount(right);
            buildLeft = leftRows != null && rightRows != null && leftRows < rightRows;
        }
        RelDataType rowType = fieldsOf(join.getRowType(), used, typeFactory);
        return new Narrowed(new HashJoinNode(rowType, leftNode.node(), rightNode.node(), type, narrowLeftKeys,
                narrowRightKeys, condition, conditionText, buildLeft, pairColumns, outputLayout),
                ranks(used, join.getRowType().getFieldCount()));
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
