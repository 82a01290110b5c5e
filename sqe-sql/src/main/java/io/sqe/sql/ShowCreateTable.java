package io.sqe.sql;

import static java.util.Objects.requireNonNull;

/** {@code SHOW CREATE TABLE table}. */
public record ShowCreateTable(QualifiedName table) implements StatementKind {
    public ShowCreateTable {
        requireNonNull(table, "table is null");
    }

    @Override
    public StatementType type() {
        return StatementType.SHOW_CREATE_TABLE;
    }
}
