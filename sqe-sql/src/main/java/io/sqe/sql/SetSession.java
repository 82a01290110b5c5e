package io.sqe.sql;

import static java.util.Objects.requireNonNull;

/** {@code SET SESSION [catalog.]name = value}; a string literal's value is unquoted, any other expression kept as written. */
public record SetSession(String name, String value) implements StatementKind {
    public SetSession {
        requireNonNull(name, "name is null");
        requireNonNull(value, "value is null");
    }

    @Override
    public StatementType type() {
        return StatementType.SET_SESSION;
    }
}
