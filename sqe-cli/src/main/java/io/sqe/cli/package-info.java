/**
 * The {@code sqe} command-line client. {@link io.sqe.cli.SqeCli} parses options and connects over Arrow Flight SQL
 * or the Trino protocol (or starts an embedded server); {@link io.sqe.cli.StatementSplitter} cuts input into statements; the
 * {@link io.sqe.cli.OutputFormat}s print result sets as a table, CSV, TSV or JSON Lines.
 */
package io.sqe.cli;
