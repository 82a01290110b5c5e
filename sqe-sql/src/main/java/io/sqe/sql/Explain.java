package io.sqe.sql;

import static java.util.Objects.requireNonNull;

/** {@code EXPLAIN [ANALYZE] statement} for a query, an INSERT or a CREATE TABLE AS SELECT. */
public record Explain(StatementKind statement, boolean analyze) implements StatementKind {
    public Explain {
        requireNonNull(statement, "statement is null");
        if (!isExplainable(statement.type())) {
            throw new IllegalArgumentException("cannot explain " + statement.type());
        }
    }

    /** Whether EXPLAIN accepts a statement of this type. */
    public static boolean isExplainable(StatementType type) {
        return switch (type) {
            case QUERY, INSERT, CREATE_TABLE_AS_SELECT -> true;
            case EXPLAIN, CREATE_SCHEMA, DROP_SCHEMA, CREATE_TABLE, DROP_TABLE, SHOW_CATALOGS, SHOW_SCHEMAS,
                    SHOW_TABLES, SHOW_COLUMNS, SHOW_CREATE_TABLE, USE, PREPARE, EXECUTE, EXECUTE_IMMEDIATE, DEALLOCATE,
                    SET_SESSION, RESET_SESSION, SHOW_SESSION, SHOW_FUNCTIONS -> false;
        };
    }

    @Override
    public StatementType type() {
        return StatementType.EXPLAIN;
    }
}
