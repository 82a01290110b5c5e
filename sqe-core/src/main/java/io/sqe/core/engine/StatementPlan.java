package io.sqe.core.engine;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A planned statement. Queries return rows; every other statement returns an update count, exposed both as
 * {@link ResultStream#updateCount()} and as one row with one BIGINT column {@code rows} so that protocols that
 * only know result sets still get an answer.
 */
public interface StatementPlan {
    String sql();

    /** True when the statement produces a result set (SELECT, SHOW, DESCRIBE, EXPLAIN). */
    boolean returnsRows();

    /** The Arrow schema of the rows {@link #execute} streams. */
    Schema resultSchema();

    /** One field per {@code ?} parameter, in order; empty when the statement has none. */
    Schema parameterSchema();

    /**
     * Runs the statement. Parameter values are plain Java values (Boolean, Integer, Long, Float, Double,
     * BigDecimal, String, byte[], LocalDate, LocalTime, LocalDateTime, Instant) or null, one per parameter.
     */
    ResultStream execute(List<Object> parameters);

    /**
     * Runs the statement once for each parameter row, as one statement: an INSERT appends the rows of every
     * parameter row in one Iceberg commit, or nothing when any of them fails. The stream reports the total
     * update count. Statements that cannot run as a batch accept exactly one row.
     */
    default ResultStream executeBatch(List<List<Object>> parameterRows) {
        if (parameterRows.size() != 1) {
            throw new SqeException(ErrorCode.NOT_SUPPORTED,
                    "only INSERT runs with a batch of parameter rows; this statement got " + parameterRows.size());
        }
        return execute(parameterRows.get(0));
    }
}
