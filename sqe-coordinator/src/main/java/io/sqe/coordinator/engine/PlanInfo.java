package io.sqe.coordinator.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a plan is, for the record of each execution: the text, the statement type, the tables it touches and the
 * access-policy rules that decided it when it was planned.
 */
record PlanInfo(String sql, String statementType, List<String> tablesRead, List<String> tablesWritten,
        List<String> policies) {
    PlanInfo {
        requireNonNull(sql, "sql is null");
        requireNonNull(statementType, "statementType is null");
        tablesRead = List.copyOf(tablesRead);
        tablesWritten = List.copyOf(tablesWritten);
        policies = List.copyOf(policies);
    }
}
