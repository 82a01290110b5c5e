package io.sqe.sql;

import static java.util.Objects.requireNonNull;

/** {@code DROP TABLE [IF EXISTS] name}. */
public record DropTable(QualifiedName name, boolean ifExists) implements StatementKind {
    public DropTable {
        requireNonNull(name, "name is null");
    }

    @Override
    public StatementType type() {
        return StatementType.DROP_TABLE;
    }
}
