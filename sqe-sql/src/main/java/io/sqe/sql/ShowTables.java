package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** {@code SHOW TABLES [FROM | IN [catalog.]schema] [LIKE 'pattern']}. */
public record ShowTables(Optional<QualifiedName> schema, Optional<String> likePattern) implements StatementKind {
    public ShowTables {
        requireNonNull(schema, "schema is null");
        requireNonNull(likePattern, "likePattern is null");
        if (schema.isPresent() && schema.get().size() > 2) {
            throw new IllegalArgumentException("schema name has more than 2 parts: " + schema.get());
        }
    }

    @Override
    public StatementType type() {
        return StatementType.SHOW_TABLES;
    }
}
