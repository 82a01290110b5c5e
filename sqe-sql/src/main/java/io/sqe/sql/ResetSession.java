package io.sqe.sql;

import static java.util.Objects.requireNonNull;

/** {@code RESET SESSION [catalog.]name}. */
public record ResetSession(String name) implements StatementKind {
    public ResetSession {
        requireNonNull(name, "name is null");
    }

    @Override
    public StatementType type() {
        return StatementType.RESET_SESSION;
    }
}
