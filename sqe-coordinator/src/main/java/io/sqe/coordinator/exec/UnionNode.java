package io.sqe.coordinator.exec;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/** UNION ALL: the batches of each input in turn (the planner puts an aggregation above it for UNION). */
final class UnionNode extends PlanNode {
    UnionNode(RelDataType rowType, List<PlanNode> inputs) {
        super(rowType, inputs);
    }

    @Override
    String describe() {
        return "UnionAll";
    }

    @Override
    Operator open(ExecutionContext context) {
        return new Operator() {
            private int current = -1;
            private Operator input;

            @Override
            public Batch next() {
                while (true) {
                    if (input == null) {
                        if (++current >= inputs().size()) {
                            return null;
                        }
                        input = openInput(current, context);
                    }
                    Batch batch = input.next();
                    if (batch != null) {
                        return batch;
                    }
                    input.close();
                    input = null;
                }
            }

            @Override
            public void close() {
                if (input != null) {
                    input.close();
                    input = null;
                }
            }
        };
    }
}
