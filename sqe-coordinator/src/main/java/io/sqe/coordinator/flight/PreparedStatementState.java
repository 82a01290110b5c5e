package io.sqe.coordinator.flight;

import static java.util.Objects.requireNonNull;

import io.sqe.core.engine.StatementPlan;
import java.util.List;

/** A prepared plan and the parameter values last bound to it (JDBC binds before every execution). */
final class PreparedStatementState {
    private final StatementPlan plan;
    private volatile List<Object> parameters = List.of();

    PreparedStatementState(StatementPlan plan) {
        this.plan = requireNonNull(plan, "plan is null");
    }

    StatementPlan plan() {
        return plan;
    }

    List<Object> parameters() {
        return parameters;
    }

    void bind(List<Object> values) {
        this.parameters = requireNonNull(values, "values is null");
    }
}
