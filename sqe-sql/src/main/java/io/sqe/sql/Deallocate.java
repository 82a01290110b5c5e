package io.sqe.sql;

import static java.util.Objects.requireNonNull;

/** {@code DEALLOCATE PREPARE name}. */
public record Deallocate(String name) implements StatementKind {
    public Deallocate {
        requireNonNull(name, "name is null");
    }

    @Override
    public StatementType type() {
        return StatementType.DEALLOCATE;
    }
}
