package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code CREATE TABLE [IF NOT EXISTS] name (column type [NOT NULL] [COMMENT 'c'], ...) [COMMENT 'c']
 * [WITH (key = value, ...)]}. Property keys are case-folded like identifiers and not checked here.
 */
public record CreateTable(
        QualifiedName name,
        List<ColumnDefinition> columns,
        Map<String, PropertyValue> properties,
        boolean ifNotExists,
        Optional<String> comment) implements StatementKind {

    public CreateTable {
        requireNonNull(name, "name is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        requireNonNull(comment, "comment is null");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
    }

    /** A table without a comment. */
    public CreateTable(
            QualifiedName name,
            List<ColumnDefinition> columns,
            Map<String, PropertyValue> properties,
            boolean ifNotExists) {
        this(name, columns, properties, ifNotExists, Optional.empty());
    }

    @Override
    public StatementType type() {
        return StatementType.CREATE_TABLE;
    }
}
