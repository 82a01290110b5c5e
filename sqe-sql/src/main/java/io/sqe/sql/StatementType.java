package io.sqe.sql;

/** What a statement is, for routing: one constant per {@link StatementKind} record. */
public enum StatementType {
    QUERY,
    EXPLAIN,
    CREATE_SCHEMA,
    DROP_SCHEMA,
    CREATE_TABLE,
    CREATE_TABLE_AS_SELECT,
    INSERT,
    DROP_TABLE,
    SHOW_CATALOGS,
    SHOW_SCHEMAS,
    SHOW_TABLES,
    SHOW_COLUMNS,
    SHOW_CREATE_TABLE,
    USE,
    PREPARE,
    EXECUTE,
    EXECUTE_IMMEDIATE,
    DEALLOCATE,
    SET_SESSION,
    RESET_SESSION,
    SHOW_SESSION,
    SHOW_FUNCTIONS;

    /**
     * Whether the statement produces a result set. INSERT and CREATE TABLE AS report an update count (the number
     * of rows written) instead; DDL and USE produce nothing. EXECUTE answers as its prepared statement does, which
     * only the engine knows; it is listed as not returning rows here.
     */
    public boolean returnsRows() {
        return switch (this) {
            case QUERY, EXPLAIN, SHOW_CATALOGS, SHOW_SCHEMAS, SHOW_TABLES, SHOW_COLUMNS, SHOW_CREATE_TABLE, SHOW_SESSION,
                    SHOW_FUNCTIONS -> true;
            case CREATE_SCHEMA, DROP_SCHEMA, CREATE_TABLE, CREATE_TABLE_AS_SELECT, INSERT, DROP_TABLE, USE, PREPARE,
                    EXECUTE, EXECUTE_IMMEDIATE, DEALLOCATE, SET_SESSION, RESET_SESSION -> false;
        };
    }
}
