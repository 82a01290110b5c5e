package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** {@code SHOW SCHEMAS [FROM | IN catalog] [LIKE 'pattern']}. */
public record ShowSchemas(Optional<String> catalog, Optional<String> likePattern) implements StatementKind {
    public ShowSchemas {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(likePattern, "likePattern is null");
    }

    @Override
    public StatementType type() {
        return StatementType.SHOW_SCHEMAS;
    }
}
