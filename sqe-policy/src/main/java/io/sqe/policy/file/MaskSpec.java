package io.sqe.policy.file;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How a rule masks one column.
 *
 * @param kind the mask
 * @param value the constant of a {@link Kind#FIXED} mask (hexadecimal for varbinary columns)
 * @param count the characters (bytes for varbinary) a {@link Kind#SHOW_FIRST} or {@link Kind#SHOW_LAST} mask keeps
 * @param unit the unit a {@link Kind#TRUNCATE} mask truncates to
 * @param sql the expression of an {@link Kind#SQL} mask, session functions already checked
 */
record MaskSpec(Kind kind, Optional<String> value, int count, Optional<TruncateUnit> unit, Optional<String> sql) {
    MaskSpec {
        requireNonNull(kind, "kind is null");
        requireNonNull(value, "value is null");
        requireNonNull(unit, "unit is null");
        requireNonNull(sql, "sql is null");
        if (kind == Kind.FIXED && value.isEmpty()) {
            throw new IllegalArgumentException("a fixed mask needs a value");
        }
        if ((kind == Kind.SHOW_FIRST || kind == Kind.SHOW_LAST) && count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        if (kind == Kind.TRUNCATE && unit.isEmpty()) {
            throw new IllegalArgumentException("a truncate mask needs a unit");
        }
        if (kind == Kind.SQL && sql.isEmpty()) {
            throw new IllegalArgumentException("an sql mask needs an expression");
        }
    }

    /** The mask kinds, by their name in rules files. */
    enum Kind {
        NULL("null"),
        FIXED("fixed"),
        HASH("hash"),
        SHOW_FIRST("show_first"),
        SHOW_LAST("show_last"),
        TRUNCATE("truncate"),
        SQL("sql");

        private final String ruleName;

        Kind(String ruleName) {
            this.ruleName = ruleName;
        }

        String ruleName() {
            return ruleName;
        }
    }

    /** Units a date or timestamp can be truncated to. */
    enum TruncateUnit {
        YEAR,
        MONTH
    }
}
