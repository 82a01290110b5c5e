package io.sqe.coordinator.exec;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.calcite.IcebergCalciteTable;
import io.sqe.coordinator.scan.IcebergTableScanner;
import io.sqe.coordinator.scan.ScanBatchStream;
import io.sqe.planner.aggregation.ScanAggregation;
import io.sqe.planner.aggregation.ScanExpression;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;

/**
 * Reads an Iceberg table through the ScanTask path, with the projection, the pruning filters and, when pushed, a
 * partial aggregation in its tasks; the worker's Arrow batches become {@link Batch}es without a row in between.
 */
final class ScanNode extends PlanNode {
    private final IcebergCalciteTable table;
    private final IcebergTableScanner scanner;
    private final List<Integer> fieldIds;
    private final List<String> columnNames;
    private final List<RexNode> filters;
    private final Optional<ScanAggregation> aggregation;
    private final String aggregationDescription;
    private final List<RelDataType> types = new ArrayList<>();

    ScanNode(RelDataType rowType, IcebergCalciteTable table, IcebergTableScanner scanner, List<Integer> fieldIds,
            List<String> columnNames, List<RexNode> filters, Optional<ScanAggregation> aggregation,
            String aggregationDescription) {
        super(rowType, List.of());
        this.table = requireNonNull(table, "table is null");
        this.scanner = requireNonNull(scanner, "scanner is null");
        this.fieldIds = List.copyOf(fieldIds);
        this.columnNames = List.copyOf(columnNames);
        this.filters = List.copyOf(filters);
        this.aggregation = requireNonNull(aggregation, "aggregation is null");
        this.aggregationDescription = requireNonNull(aggregationDescription, "aggregationDescription is null");
        for (RelDataTypeField field : rowType.getFieldList()) {
            ValueKind.required(field.getType());
            types.add(field.getType());
        }
    }

    @Override
    Operator open(ExecutionContext context) {
        return new Operator() {
            private ScanBatchStream source;

            @Override
            public Batch next() {
                // planned on the first batch, so EXPLAIN ANALYZE counts file planning as the scan's time
                if (source == null) {
                    source = scanner.openBatches(table.icebergTable(), fieldIds, filters,
                            context.joinFilter(ScanNode.this), aggregation, context.scope());
                }
                Optional<VectorSchemaRoot> next = source.next();
                if (next.isEmpty()) {
                    return null;
                }
                try (VectorSchemaRoot root = next.get()) {
                    return ArrowColumns.read(root, types);
                }
            }

            @Override
            public void close() {
                if (source != null) {
                    source.close();
                }
            }
        };
    }

    String tableName() {
        return table.schemaName() + "." + table.tableName();
    }

    /**
     * A column read unchanged is a join filter target: a plain column, or a group key of the pushed aggregation
     * that is a plain column.
     */
    @Override
    Optional<JoinFilter.Target> joinFilterTarget(int column) {
        int read = column;
        if (aggregation.isPresent()) {
            ScanAggregation pushed = aggregation.get();
            ScanExpression key = column < pushed.groupKeys().size()
                    ? pushed.projections().get(pushed.groupKeys().get(column)) : null;
            if (!(key instanceof ScanExpression.Column)) {
                return Optional.empty();
            }
            read = ((ScanExpression.Column) key).index();
        }
        return Optional.of(new JoinFilter.Target(this,
                table.icebergTable().schema().findField(fieldIds.get(read)).name()));
    }

    @Override
    String describe() {
        StringBuilder text = new StringBuilder("TableScan[table=").append(tableName()).append(", columns=").append(columnNames);
        if (!filters.isEmpty()) {
            text.append(", pruningFilters=").append(filters);
        }
        aggregation.ifPresent(pushed -> text.append(", partialAggregation=").append(aggregationDescription));
        return text.append(']').toString();
    }
}
