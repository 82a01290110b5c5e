package io.sqe.coordinator.engine;

import io.sqe.core.engine.StatementPlan;
import io.sqe.core.engine.ResultStream;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Schema;

/** A planned statement: its result shape and how to run it. */
final class PreparedPlan implements StatementPlan {
    private final String sql;
    private final boolean returnsRows;
    private final Schema resultSchema;
    private final Schema parameterSchema;
    private final Function<List<Object>, ResultStream> executor;

    PreparedPlan(String sql, boolean returnsRows, Schema resultSchema, Schema parameterSchema,
            Function<List<Object>, ResultStream> executor) {
        this.sql = requireNonNull(sql, "sql is null");
        this.returnsRows = returnsRows;
        this.resultSchema = requireNonNull(resultSchema, "resultSchema is null");
        this.parameterSchema = requireNonNull(parameterSchema, "parameterSchema is null");
        this.executor = requireNonNull(executor, "executor is null");
    }

    @Override
    public String sql() {
        return sql;
    }

    @Override
    public boolean returnsRows() {
        return returnsRows;
    }

    @Override
    public Schema resultSchema() {
        return resultSchema;
    }

    @Override
    public Schema parameterSchema() {
        return parameterSchema;
    }

    @Override
    public ResultStream execute(List<Object> parameters) {
        return executor.apply(parameters == null ? List.of() : nullSafe(parameters));
    }

    private static List<Object> nullSafe(List<Object> parameters) {
        return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
    }
}
