package io.sqe.sql;

import static java.util.Objects.requireNonNull;

/** {@code DROP SCHEMA [IF EXISTS] [catalog.]schema [CASCADE | RESTRICT]}; RESTRICT is the default. */
public record DropSchema(QualifiedName name, boolean ifExists, boolean cascade) implements StatementKind {
    public DropSchema {
        requireNonNull(name, "name is null");
        if (name.size() > 2) {
            throw new IllegalArgumentException("schema name has more than 2 parts: " + name);
        }
    }

    @Override
    public StatementType type() {
        return StatementType.DROP_SCHEMA;
    }
}
