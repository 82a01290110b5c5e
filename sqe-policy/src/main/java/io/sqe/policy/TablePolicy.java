package io.sqe.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one user may see of one table, as SQL text over the table's own columns.
 *
 * <p>{@code rowFilter} is a boolean expression; {@code columnExpressions} maps each column whose values the user
 * must not see raw (masked or hidden) to an expression of exactly the column's type,
 * {@code CAST(<mask> AS <type>)}. Session functions ({@code current_user}, {@code is_role_in_session('r')}) are
 * already replaced by quoted literals, so the text depends only on the table's columns. Identifiers are
 * double-quoted and case-sensitive.
 *
 * @param table the table
 * @param visibleColumns the columns the user may see, in table order
 * @param rowFilter rows the user may see; empty for all rows
 * @param columnExpressions column name to replacement expression; hidden columns map to a typed NULL (or, for NOT
 *     NULL columns, a constant) so their values cannot leak even where a plan still carries them
 * @param rule the rule this policy came from, empty when nothing restricts the table
 */
public record TablePolicy(ObjectName table, List<String> visibleColumns, Optional<String> rowFilter,
        Map<String, String> columnExpressions, Optional<String> rule) {
    public TablePolicy {
        requireNonNull(table, "table is null");
        if (table.kind() != ObjectName.Kind.TABLE) {
            throw new IllegalArgumentException("not a table: " + table);
        }
        visibleColumns = List.copyOf(requireNonNull(visibleColumns, "visibleColumns is null"));
        requireNonNull(rowFilter, "rowFilter is null");
        columnExpressions = Map.copyOf(requireNonNull(columnExpressions, "columnExpressions is null"));
        requireNonNull(rule, "rule is null");
    }

    /** A table the user reads as stored. */
    public static TablePolicy unrestricted(ObjectName table, List<String> columns) {
        return new TablePolicy(table, columns, Optional.empty(), Map.of(), Optional.empty());
    }

    /** True when the plan needs no change for this table. */
    public boolean isUnrestricted() {
        return rowFilter.isEmpty() && columnExpressions.isEmpty();
    }
}
