package io.sqe.coordinator.flight;

import io.sqe.core.engine.ResultStream;
import io.sqe.core.engine.StatementPlan;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.function.Supplier;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/** Runs statements that do not return rows and reports how many rows they affected. */
final class UpdateCounts {
    private UpdateCounts() {}

    /**
     * Runs {@code plan} through {@code execution} to the end and returns its update count:
     * {@link ResultStream#updateCount()} once the stream is drained, else the value of its {@code rows} column,
     * else -1 (unknown, as Flight SQL allows).
     */
    static long count(StatementPlan plan, Supplier<ResultStream> execution) {
        if (plan.returnsRows()) {
            throw new SqeException(ErrorCode.INVALID_REQUEST,
                    "the statement returns rows; run it as a query, not as an update");
        }
        try (ResultStream stream = execution.get()) {
            long rowsColumn = -1;
            while (stream.next()) {
                FieldVector rows = stream.root().getVector("rows");
                if (rows instanceof BigIntVector && stream.root().getRowCount() > 0 && !rows.isNull(0)) {
                    rowsColumn = ((BigIntVector) rows).get(0);
                }
            }
            return stream.updateCount().orElse(rowsColumn);
        }
    }
}
