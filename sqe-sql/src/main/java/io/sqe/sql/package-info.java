/**
 * Parsing and classification of SQL statement text.
 *
 * <p>{@link io.sqe.sql.StatementClassifier} turns one statement into a {@link io.sqe.sql.StatementKind}. Queries
 * (and the query parts of INSERT, CREATE TABLE AS and EXPLAIN) are parsed by Calcite's Babel parser configured by
 * {@link io.sqe.sql.SqlParsers#parserConfig()}; the statements Calcite does not know (Trino's DDL, SHOW, DESCRIBE and
 * USE) are parsed by a small recursive-descent parser over the same text. Identifiers follow Trino and PostgreSQL:
 * unquoted names fold to lower case, double-quoted names keep their case, and matching is case-sensitive.
 *
 * <p>Every failure is an {@link io.sqe.core.error.SqeException} whose one-line message starts with the position in
 * the original text, {@code line L:C: ...}.
 */
package io.sqe.sql;
