package io.sqe.coordinator.exec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A node of a columnar physical plan: built once per statement, opened into a fresh {@link Operator} tree for
 * every execution (a prepared statement runs many times).
 */
abstract class PlanNode {
    private final RelDataType rowType;
    private final List<PlanNode> inputs;

    PlanNode(RelDataType rowType, List<PlanNode> inputs) {
        this.rowType = requireNonNull(rowType, "rowType is null");
        this.inputs = List.copyOf(inputs);
    }

    final RelDataType rowType() {
        return rowType;
    }

    final List<PlanNode> inputs() {
        return inputs;
    }

    /** Starts this node, and its inputs, for one execution. */
    abstract Operator open(ExecutionContext context);

    /** The node for EXPLAIN: a name and what was pushed into it, such as {@code HashJoin[INNER, keys=[0=3]]}. */
    abstract String describe();

    /** Opens input {@code index}, counted for EXPLAIN ANALYZE. */
    final Operator openInput(int index, ExecutionContext context) {
        PlanNode input = inputs.get(index);
        return context.instrument(input, input.open(context));
    }
}
