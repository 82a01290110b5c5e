package io.sqe.sql;

import static java.util.Objects.requireNonNull;

/** {@code CREATE SCHEMA [IF NOT EXISTS] [catalog.]schema}. */
public record CreateSchema(QualifiedName name, boolean ifNotExists) implements StatementKind {
    public CreateSchema {
        requireNonNull(name, "name is null");
        if (name.size() > 2) {
            throw new IllegalArgumentException("schema name has more than 2 parts: " + name);
        }
    }

    @Override
    public StatementType type() {
        return StatementType.CREATE_SCHEMA;
    }
}
