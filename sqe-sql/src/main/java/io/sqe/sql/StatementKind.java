package io.sqe.sql;

/**
 * One classified SQL statement. Dispatch on {@link #type()} with a switch expression that lists every constant, then
 * cast to the record the constant names.
 */
public sealed interface StatementKind
        permits Query, Explain, CreateSchema, DropSchema, CreateTable, CreateTableAsSelect, Insert, DropTable,
                ShowCatalogs, ShowSchemas, ShowTables, ShowColumns, ShowCreateTable, Use, Prepare, Execute,
                ExecuteImmediate, Deallocate, SetSession, ResetSession, ShowSession, ShowFunctions {
    StatementType type();
}
