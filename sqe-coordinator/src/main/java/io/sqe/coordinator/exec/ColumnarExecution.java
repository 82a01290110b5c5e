package io.sqe.coordinator.exec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;

/** One running execution of a {@link ColumnarPlan}: pulls result batches into an Arrow root. */
public final class ColumnarExecution implements AutoCloseable {
    private final ColumnarPlan plan;
    private final ExecutionContext context;
    private final Operator root;
    private final List<RelDataType> resultTypes;
    private boolean finished;

    ColumnarExecution(ColumnarPlan plan, ExecutionContext context, Operator root, List<RelDataType> resultTypes) {
        this.plan = requireNonNull(plan, "plan is null");
        this.context = requireNonNull(context, "context is null");
        this.root = requireNonNull(root, "root is null");
        this.resultTypes = List.copyOf(resultTypes);
    }

    /**
     * Writes the next non-empty result batch into {@code target} (of the result schema); false at the end.
     * Checks for cancellation between batches.
     */
    public boolean nextInto(VectorSchemaRoot target) {
        while (!finished) {
            context.scope().checkCancelled();
            Batch batch = root.next();
            if (batch == null) {
                finished = true;
                break;
            }
            if (batch.size > 0) {
                ArrowColumns.write(batch, target, resultTypes);
                return true;
            }
        }
        return false;
    }

    /** Runs to the end, discarding the rows; returns how many there were (for EXPLAIN ANALYZE). */
    public long drain() {
        long rows = 0;
        while (!finished) {
            context.scope().checkCancelled();
            Batch batch = root.next();
            if (batch == null) {
                finished = true;
            } else {
                rows += batch.size;
            }
        }
        return rows;
    }

    /** The plan annotated with this execution's rows and times. */
    public String explainAnalyzed() {
        return plan.explainAnalyzed(this);
    }

    Map<PlanNode, OperatorStats> stats() {
        return context.stats();
    }

    @Override
    public void close() {
        root.close();
    }
}
