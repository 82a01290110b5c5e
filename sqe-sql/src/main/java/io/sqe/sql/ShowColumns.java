package io.sqe.sql;

import static java.util.Objects.requireNonNull;

/** {@code SHOW COLUMNS FROM | IN table}, {@code DESCRIBE table} and {@code DESC table}. */
public record ShowColumns(QualifiedName table) implements StatementKind {
    public ShowColumns {
        requireNonNull(table, "table is null");
    }

    @Override
    public StatementType type() {
        return StatementType.SHOW_COLUMNS;
    }
}
