package io.sqe.coordinator.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/**
 * Filter and projection: the conjuncts of the condition are applied one after another, each only on the rows the
 * ones before it kept, then the projections are computed on the rows left. A projection of a plain column shares
 * it.
 */
final class CalcNode extends PlanNode {
    private final List<Expr> conjuncts;
    private final List<Expr> projections;
    private final List<String> conjunctText;
    private final List<String> projectionText;
    /** The input column each output column is, or -1 when it is computed. */
    private final int[] inputColumns;

    CalcNode(RelDataType rowType, PlanNode input, ExpressionCompiler compiler, List<RexNode> conjuncts,
            List<RexNode> projections) {
        super(rowType, List.of(input));
        this.conjuncts = new ArrayList<>();
        this.projections = new ArrayList<>();
        this.conjunctText = new ArrayList<>();
        this.projectionText = new ArrayList<>();
        for (RexNode conjunct : conjuncts) {
            this.conjuncts.add(compiler.compile(conjunct));
            conjunctText.add(conjunct.toString());
        }
        for (RexNode projection : projections) {
            this.projections.add(compiler.compile(projection));
            projectionText.add(projection.toString());
        }
        inputColumns = new int[projections.size()];
        for (int i = 0; i < inputColumns.length; i++) {
            inputColumns[i] = projections.get(i) instanceof RexInputRef ? ((RexInputRef) projections.get(i)).getIndex()
                    : -1;
        }
        if (isIdentity(projections, input.rowType())) {
            this.projections.clear();
            projectionText.clear();
        }
    }

    /** A filter on a plain column applies below this node's filter. */
    @Override
    Optional<JoinFilter.Target> joinFilterTarget(int column) {
        return inputColumns[column] < 0 ? Optional.empty() : inputs().get(0).joinFilterTarget(inputColumns[column]);
    }

    /** Whether {@code projections} return the input's columns as they are. */
    static boolean isIdentity(List<RexNode> projections, RelDataType inputRowType) {
        boolean identity = projections.size() == inputRowType.getFieldCount();
        for (int i = 0; identity && i < projections.size(); i++) {
            identity = projections.get(i) instanceof RexInputRef && ((RexInputRef) projections.get(i)).getIndex() == i;
        }
        return identity;
    }

    @Override
    Operator open(ExecutionContext context) {
        Operator input = openInput(0, context);
        return new Operator() {
            @Override
            public Batch next() {
                while (true) {
                    Batch batch = input.next();
                    if (batch == null) {
                        return null;
                    }
                    batch = filter(batch);
                    if (batch.size == 0) {
                        continue;
                    }
                    return project(batch);
                }
            }

            @Override
            public void close() {
                input.close();
            }
        };
    }

    private Batch filter(Batch batch) {
        for (Expr conjunct : conjuncts) {
            if (batch.size == 0) {
                return batch;
            }
            int[] rows = new int[batch.size];
            int kept = Logic.selected(conjunct.evaluate(batch), rows);
            if (kept < batch.size) {
                batch = batch.gather(rows, kept);
            }
        }
        return batch;
    }

    private Batch project(Batch batch) {
        if (projections.isEmpty()) {
            return batch;
        }
        Column[] columns = new Column[projections.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = projections.get(i).evaluate(batch);
        }
        return new Batch(batch.size, columns);
    }

    @Override
    String describe() {
        StringBuilder text = new StringBuilder(projections.isEmpty() ? "Filter[" : conjuncts.isEmpty() ? "Project["
                : "FilterProject[");
        if (!conjuncts.isEmpty()) {
            text.append("condition=").append(String.join(" AND ", conjunctText));
        }
        if (!projections.isEmpty()) {
            text.append(conjuncts.isEmpty() ? "" : ", ").append("expressions=").append(projectionText);
        }
        return text.append(']').toString();
    }
}
