package io.sqe.coordinator.flight;

import static java.util.Objects.requireNonNull;

import io.sqe.core.engine.StatementPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A planned statement waiting for its ticket to be read, with the parameter values bound at the time. */
record PendingExecution(StatementPlan plan, List<Object> parameters) {
    PendingExecution {
        requireNonNull(plan, "plan is null");
        // Not List.copyOf: SQL NULL parameters are Java nulls.
        parameters = Collections.unmodifiableList(new ArrayList<>(requireNonNull(parameters, "parameters is null")));
    }
}
