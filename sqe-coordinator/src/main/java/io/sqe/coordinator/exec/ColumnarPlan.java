package io.sqe.coordinator.exec;

import static java.util.Objects.requireNonNull;

import io.sqe.coordinator.scan.ExecutionScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/** A query's columnar physical plan: built once, executed any number of times. */
public final class ColumnarPlan {
    private final PlanNode root;
    private final List<RelDataType> resultTypes = new ArrayList<>();

    ColumnarPlan(PlanNode root, RelDataType resultRowType) {
        this.root = requireNonNull(root, "root is null");
        for (RelDataTypeField field : resultRowType.getFieldList()) {
            resultTypes.add(field.getType());
        }
        if (resultTypes.size() != root.rowType().getFieldCount()) {
            throw new IllegalArgumentException("result type does not match the plan");
        }
    }

    /** Starts one execution; {@code scope} gives its allocator and cancel flag. */
    public ColumnarExecution execute(ExecutionScope scope, DataContext dataContext, int batchRows) {
        ExecutionContext context = new ExecutionContext(scope, dataContext, batchRows);
        return new ColumnarExecution(this, context, context.instrument(root, root.open(context)), resultTypes);
    }

    /** The plan as EXPLAIN shows it: one node a line, inputs indented below. */
    public String explain() {
        StringBuilder text = new StringBuilder();
        append(text, root, 0, null);
        return text.toString();
    }

    /** The plan with what each node did in {@code execution}: rows, batches and time (its own, then with inputs). */
    public String explainAnalyzed(ColumnarExecution execution) {
        StringBuilder text = new StringBuilder();
        append(text, root, 0, execution.stats());
        return text.toString();
    }

    private static void append(StringBuilder text, PlanNode node, int depth, Map<PlanNode, OperatorStats> stats) {
        text.append("  ".repeat(depth)).append(node.describe());
        if (stats != null) {
            OperatorStats own = stats.get(node);
            if (own == null) {
                text.append(" (not run)");
            } else {
                long inputNanos = 0;
                for (PlanNode input : node.inputs()) {
                    OperatorStats inputStats = stats.get(input);
                    inputNanos += inputStats == null ? 0 : inputStats.nanos;
                }
                text.append(String.format(java.util.Locale.ROOT,
                        " (rows=%d, batches=%d, time=%.1f ms, with inputs=%.1f ms)",
                        own.rows, own.batches, Math.max(0, own.nanos - inputNanos) / 1e6, own.nanos / 1e6));
            }
        }
        text.append('\n');
        for (PlanNode input : node.inputs()) {
            append(text, input, depth + 1, stats);
        }
    }
}
