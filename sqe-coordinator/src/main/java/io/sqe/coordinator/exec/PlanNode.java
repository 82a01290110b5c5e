package io.sqe.coordinator.exec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
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

    /**
     * Where a join filter on output column {@code column} can be applied: the scan column this node's column comes
     * from, through nodes that pass it on unchanged and drop or null-extend the rows a filter below them removes
     * (see {@link JoinFilter}). Empty by default: a limit, for one, would return other rows.
     */
    Optional<JoinFilter.Target> joinFilterTarget(int column) {
        return Optional.empty();
    }

    /** Opens input {@code index}, counted for EXPLAIN ANALYZE. */
    final Operator openInput(int index, ExecutionContext context) {
        PlanNode input = inputs.get(index);
        return context.instrument(input, input.open(context));
    }
}
