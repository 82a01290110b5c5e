package io.sqe.coordinator.planner;

import io.sqe.catalog.calcite.IcebergCalciteTable;
import io.sqe.planner.aggregation.ScanAggregation;
import io.sqe.planner.aggregation.ScanExpression;
import io.sqe.planner.aggregation.ScanType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.ImmutableIntList;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * Pushes partial aggregation into Iceberg scans: {@code Aggregate(Project|Filter ...(SqeTableScan))} becomes a final
 * Aggregate (sums of partial counts and sums, minima of minima, ...) over a {@link SqePartialAggregate} that the
 * worker computes columnar per scan task. The Projects and Filters between the Aggregate and the scan, policy masks and
 * row filters included, are pushed exactly as they stand, composed into one filter and the projections; the
 * rewrite happens only when every expression, aggregate and type is in the worker's language
 * ({@link ScanExpressionTranslator}); otherwise the plan is left unchanged.
 *
 * <p>Runs after {@link ScanPushDown}, bottom-up over the whole plan.
 */
final class AggregatePushDown {
    private AggregatePushDown() {}

    static RelNode apply(RelNode plan) {
        return BottomUp.rewrite(plan, AggregatePushDown::rewriteNode);
    }

    private static RelNode rewriteNode(RelNode current) {
        if (current instanceof LogicalAggregate) {
            return push((LogicalAggregate) current).orElse(current);
        }
        return current;
    }

    private static Optional<RelNode> push(LogicalAggregate aggregate) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return Optional.empty();
        }
        // Walk down to the scan, inlining each Project into the expressions above it.
        List<Integer> groupKeys = aggregate.getGroupSet().asList();
        List<RexNode> needed = new ArrayList<>();
        RelDataType inputType = aggregate.getInput().getRowType();
        for (int field = 0; field < inputType.getFieldCount(); field++) {
            needed.add(new RexInputRef(field, inputType.getFieldList().get(field).getType()));
        }
        List<RexNode> filters = new ArrayList<>();
        RelNode node = aggregate.getInput();
        while (node instanceof LogicalProject || node instanceof LogicalFilter) {
            if (node instanceof LogicalProject) {
                LogicalProject project = (LogicalProject) node;
                needed = new ArrayList<>(RelOptUtil.pushPastProject(needed, project));
                filters = new ArrayList<>(RelOptUtil.pushPastProject(filters, project));
            } else {
                filters.add(((LogicalFilter) node).getCondition());
            }
            node = node.getInput(0);
        }
        if (!(node instanceof SqeTableScan)) {
            return Optional.empty();
        }
        SqeTableScan scan = (SqeTableScan) node;
        IcebergCalciteTable table = scan.getTable().unwrap(IcebergCalciteTable.class);
        if (table == null) {
            return Optional.empty();
        }
        RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
        ScanExpressionTranslator translator = new ScanExpressionTranslator(rexBuilder);
        try {
            return Optional.of(rewrite(aggregate, scan, table, translator, needed, filters, groupKeys));
        } catch (ScanExpressionTranslator.UnsupportedException e) {
            return Optional.empty();
        }
    }

    private static RelNode rewrite(LogicalAggregate aggregate, SqeTableScan scan, IcebergCalciteTable table,
            ScanExpressionTranslator translator, List<RexNode> needed, List<RexNode> filters, List<Integer> groupKeys) {
        Optional<ScanExpression> filter = Optional.empty();
        for (RexNode condition : filters) {
            ScanExpression translated = translator.translate(condition);
            filter = Optional.of(filter.isEmpty() ? translated : new ScanExpression.Call(ScanExpression.Operator.AND,
                    List.of(filter.get(), translated), ScanType.of(ScanType.Kind.BOOLEAN)));
        }
        List<ScanExpression> projections = new ArrayList<>();
        List<Integer> keyIndexes = new ArrayList<>();
        List<Integer> keyColumns = new ArrayList<>();
        for (int key : groupKeys) {
            keyIndexes.add(projections.size());
            ScanExpression translated = translator.translate(needed.get(key));
            translator.requireGroupKey(translated);
            projections.add(translated);
            if (needed.get(key) instanceof RexInputRef) {
                keyColumns.add(((RexInputRef) needed.get(key)).getIndex());
            }
        }
        RelDataTypeFactory typeFactory = aggregate.getCluster().getTypeFactory();
        RelDataTypeFactory.Builder partialType = typeFactory.builder();
        for (int k = 0; k < groupKeys.size(); k++) {
            partialType.add("key" + k, aggregate.getInput().getRowType().getFieldList().get(groupKeys.get(k)).getType());
        }
        List<ScanAggregation.Aggregate> aggregates = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            ScanAggregation.Aggregate partial = partialAggregate(call, needed, translator, projections);
            aggregates.add(partial);
            partialType.add("partial" + aggregates.size(), partial.function() == ScanAggregation.Function.COUNT_STAR
                    || partial.function() == ScanAggregation.Function.COUNT
                    ? typeFactory.createSqlType(SqlTypeName.BIGINT)
                    : typeFactory.createTypeWithNullability(call.getType(), true));
        }
        if (aggregates.isEmpty() && keyIndexes.isEmpty()) {
            throw new ScanExpressionTranslator.UnsupportedException();
        }
        ScanAggregation aggregation = new ScanAggregation(filter, projections, keyIndexes, aggregates);

        List<Integer> columns = translator.columns();
        List<Integer> newProjects = new ArrayList<>();
        for (int column : columns) {
            newProjects.add(scan.projects().get(column));
        }
        if (newProjects.isEmpty()) {
            newProjects.add(scan.projects().get(0));
        }
        SqeTableScan narrowed = scan.withProjects(ImmutableIntList.copyOf(newProjects));
        List<String> visibleNames = scan.getTable().getRowType().getFieldNames();
        Schema schema = table.icebergTable().schema();
        List<Integer> fieldIds = new ArrayList<>();
        for (int project : newProjects) {
            fieldIds.add(schema.findField(visibleNames.get(project)).fieldId());
        }
        List<RexNode> tableFilters = new ArrayList<>();
        for (RexNode pruning : scan.filters()) {
            tableFilters.add(toTableColumns(pruning, visibleNames, schema));
        }
        ImmutableBitSet keyBits = keyColumns.size() == groupKeys.size() && !keyColumns.isEmpty()
                ? ImmutableBitSet.of(narrowedPositions(keyColumns, columns)) : ImmutableBitSet.of();
        List<String> columnNames = new ArrayList<>();
        for (int project : newProjects) {
            columnNames.add(visibleNames.get(project));
        }
        RelOptCluster cluster = aggregate.getCluster();
        SqePartialAggregate partial = new SqePartialAggregate(cluster, narrowed, table, fieldIds, tableFilters,
                aggregation, ScanExpressionTranslator.describe(aggregation, columnNames), partialType.build(), keyBits);
        return finalAggregate(aggregate, partial);
    }

    private static List<Integer> narrowedPositions(List<Integer> scanColumns, List<Integer> columns) {
        List<Integer> positions = new ArrayList<>();
        for (int column : scanColumns) {
            positions.add(columns.indexOf(column));
        }
        return positions;
    }

    private static ScanAggregation.Aggregate partialAggregate(AggregateCall call, List<RexNode> needed,
            ScanExpressionTranslator translator, List<ScanExpression> projections) {
        if (call.isDistinct() || call.isApproximate() || call.filterArg >= 0 || !call.getCollation().getFieldCollations().isEmpty()
                || call.getArgList().size() > 1 || !call.rexList.isEmpty()) {
            throw new ScanExpressionTranslator.UnsupportedException();
        }
        SqlKind kind = call.getAggregation().getKind();
        if (kind == SqlKind.COUNT && call.getArgList().isEmpty()) {
            return new ScanAggregation.Aggregate(ScanAggregation.Function.COUNT_STAR, -1, ScanType.of(ScanType.Kind.LONG));
        }
        if (call.getArgList().size() != 1) {
            throw new ScanExpressionTranslator.UnsupportedException();
        }
        ScanExpression argument = translator.translate(needed.get(call.getArgList().get(0)));
        // Expressions are values: an argument used twice (sum(x) and count(x) from AVG) is computed once.
        int index = projections.indexOf(argument);
        if (index < 0) {
            index = projections.size();
            projections.add(argument);
        }
        ScanType argumentType = argument.type();
        switch (kind) {
            case COUNT:
                return new ScanAggregation.Aggregate(ScanAggregation.Function.COUNT, index, ScanType.of(ScanType.Kind.LONG));
            case SUM:
            case SUM0:
                ScanType sumType = translator.scanType(call.getType());
                boolean valid = argumentType.kind() == ScanType.Kind.DECIMAL
                        ? sumType.kind() == ScanType.Kind.DECIMAL && sumType.scale() == argumentType.scale()
                        : argumentType.kind() == sumType.kind() && argumentType.kind() != ScanType.Kind.DATE
                        && argumentType.isNumeric()
                        || argumentType.kind() == ScanType.Kind.INT && sumType.kind() == ScanType.Kind.LONG;
                if (!valid) {
                    throw new ScanExpressionTranslator.UnsupportedException();
                }
                return new ScanAggregation.Aggregate(ScanAggregation.Function.SUM, index, sumType);
            case MIN:
            case MAX:
                ScanType resultType = translator.scanType(call.getType());
                if (resultType.kind() != argumentType.kind() || resultType.scale() != argumentType.scale()
                        || argumentType.kind() == ScanType.Kind.BOOLEAN) {
                    throw new ScanExpressionTranslator.UnsupportedException();
                }
                return new ScanAggregation.Aggregate(kind == SqlKind.MIN ? ScanAggregation.Function.MIN
                        : ScanAggregation.Function.MAX, index, argumentType);
            default:
                throw new ScanExpressionTranslator.UnsupportedException();
        }
    }

    /** The Aggregate combining the partial rows, cast back to the original row type where Calcite infers another. */
    private static RelNode finalAggregate(LogicalAggregate aggregate, SqePartialAggregate partial) {
        RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(aggregate.getCluster(), null);
        builder.push(partial);
        int keys = aggregate.getGroupCount();
        List<RelBuilder.AggCall> calls = new ArrayList<>();
        List<AggregateCall> originals = aggregate.getAggCallList();
        for (int i = 0; i < originals.size(); i++) {
            RexNode field = builder.field(keys + i);
            SqlKind kind = originals.get(i).getAggregation().getKind();
            RelBuilder.AggCall call;
            switch (kind) {
                case COUNT:
                case SUM0:
                    call = builder.aggregateCall(SqlStdOperatorTable.SUM0, field);
                    break;
                case SUM:
                    call = builder.sum(field);
                    break;
                case MIN:
                    call = builder.min(field);
                    break;
                case MAX:
                    call = builder.max(field);
                    break;
                default:
                    throw new IllegalStateException("unexpected aggregate " + kind);
            }
            calls.add(call.as(originals.get(i).getName()));
        }
        builder.aggregate(builder.groupKey(ImmutableBitSet.range(keys)), calls);
        if (!builder.peek().getRowType().equals(aggregate.getRowType())) {
            builder.convert(aggregate.getRowType(), true);
        }
        return builder.build();
    }

    private static RexNode toTableColumns(RexNode filter, List<String> visibleNames, Schema schema) {
        List<Types.NestedField> columns = schema.columns();
        return filter.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                Types.NestedField field = schema.findField(visibleNames.get(ref.getIndex()));
                return new RexInputRef(columns.indexOf(field), ref.getType());
            }
        });
    }
}
