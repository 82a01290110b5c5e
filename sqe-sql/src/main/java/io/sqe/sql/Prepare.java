package io.sqe.sql;

import static java.util.Objects.requireNonNull;

/** {@code PREPARE name FROM statement}: the statement text is kept as written, for the client to send back. */
public record Prepare(String name, String statement) implements StatementKind {
    public Prepare {
        requireNonNull(name, "name is null");
        requireNonNull(statement, "statement is null");
    }

    @Override
    public StatementType type() {
        return StatementType.PREPARE;
    }
}
