package io.sqe.coordinator.engine;

import static java.util.Objects.requireNonNull;

import io.sqe.core.engine.ResultStream;
import io.sqe.core.engine.StatementPlan;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Schema;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * A planned statement: its result shape and how to run it. Every execution is reported to the listener. A
 * batchable plan's executor runs a batch of parameter rows as one execution (INSERT: one commit).
 */
final class PreparedPlan implements StatementPlan {
    private final PlanInfo info;
    private final boolean returnsRows;
    private final Schema resultSchema;
    private final Schema parameterSchema;
    private final Session session;
    private final QueryReporter reporter;
    private final InFlightQueries inFlight;
    private final Function<Execution, ResultStream> executor;
    private final boolean batchable;

    PreparedPlan(PlanInfo info, boolean returnsRows, Schema resultSchema, Schema parameterSchema, Session session,
            QueryReporter reporter, InFlightQueries inFlight, Function<Execution, ResultStream> executor) {
        this(info, returnsRows, resultSchema, parameterSchema, session, reporter, inFlight, executor, false);
    }

    PreparedPlan(PlanInfo info, boolean returnsRows, Schema resultSchema, Schema parameterSchema, Session session,
            QueryReporter reporter, InFlightQueries inFlight, Function<Execution, ResultStream> executor,
            boolean batchable) {
        this.info = requireNonNull(info, "info is null");
        this.returnsRows = returnsRows;
        this.resultSchema = requireNonNull(resultSchema, "resultSchema is null");
        this.parameterSchema = requireNonNull(parameterSchema, "parameterSchema is null");
        this.session = requireNonNull(session, "session is null");
        this.reporter = requireNonNull(reporter, "reporter is null");
        this.inFlight = requireNonNull(inFlight, "inFlight is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.batchable = batchable;
    }

    @Override
    public String sql() {
        return info.sql();
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
        return run(List.of(parameters == null ? List.of() : parameters));
    }

    @Override
    public ResultStream executeBatch(List<List<Object>> parameterRows) {
        if (!batchable || parameterRows.isEmpty()) {
            return StatementPlan.super.executeBatch(parameterRows);
        }
        return run(parameterRows);
    }

    private ResultStream run(List<List<Object>> parameterRows) {
        // Read-only views, not copies: a batch can hold millions of rows.
        List<List<Object>> rows = new ArrayList<>(parameterRows.size());
        for (List<Object> row : parameterRows) {
            rows.add(Collections.unmodifiableList(row));
        }
        inFlight.enter();
        Execution execution;
        ResultStream stream;
        try {
            execution = reporter.begin(info, Collections.unmodifiableList(rows));
            MDC.put(ObservedResultStream.QUERY_ID, execution.queryId());
            try (Scope trace = execution.traceContext().makeCurrent()) {
                stream = executor.apply(execution);
            } catch (SqeException e) {
                reporter.completed(session, info, execution, Optional.empty(), Optional.of(e), 0, 0);
                throw e;
            } finally {
                MDC.remove(ObservedResultStream.QUERY_ID);
            }
        } catch (RuntimeException | Error e) {
            inFlight.exit();
            throw e;
        }
        return new ObservedResultStream(execution.queryId(), stream, execution.startNanos(), observed -> {
            try {
                reporter.completed(session, info, execution, observed.timeToFirstRow(), observed.failure(),
                        observed.rowsReturned(), stream.updateCount().orElse(0));
            } finally {
                inFlight.exit();
            }
        });
    }
}
