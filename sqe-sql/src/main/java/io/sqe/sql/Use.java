package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** {@code USE schema} or {@code USE catalog.schema}. */
public record Use(Optional<String> catalog, String schema) implements StatementKind {
    public Use {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
    }

    @Override
    public StatementType type() {
        return StatementType.USE;
    }
}
