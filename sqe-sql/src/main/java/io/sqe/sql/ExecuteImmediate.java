package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** {@code EXECUTE IMMEDIATE 'statement' [USING expression, ...]}; each parameter is the text of one expression. */
public record ExecuteImmediate(String statement, List<String> parameters) implements StatementKind {
    public ExecuteImmediate {
        requireNonNull(statement, "statement is null");
        parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
    }

    @Override
    public StatementType type() {
        return StatementType.EXECUTE_IMMEDIATE;
    }
}
