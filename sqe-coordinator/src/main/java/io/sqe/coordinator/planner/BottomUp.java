package io.sqe.coordinator.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.calcite.rel.RelNode;

/** Rewrites a plan from the leaves up: each node is rewritten after its inputs, and copied only if they changed. */
final class BottomUp {
    private BottomUp() {}

    static RelNode rewrite(RelNode node, UnaryOperator<RelNode> rewrite) {
        List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (RelNode input : node.getInputs()) {
            RelNode rewritten = rewrite(input, rewrite);
            changed |= rewritten != input;
            inputs.add(rewritten);
        }
        return rewrite.apply(changed ? node.copy(node.getTraitSet(), inputs) : node);
    }
}
