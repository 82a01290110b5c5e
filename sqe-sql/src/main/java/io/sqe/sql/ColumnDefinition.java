package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** One column of {@code CREATE TABLE}: {@code name type [NOT NULL] [COMMENT 'text']}. */
public record ColumnDefinition(String name, DataType type, boolean nullable, Optional<String> comment) {
    public ColumnDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(comment, "comment is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name is empty");
        }
    }
}
