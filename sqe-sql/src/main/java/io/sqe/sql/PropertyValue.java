package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The value of one {@code WITH (key = value)} table property: a string, a number, a boolean, or an array of strings
 * such as {@code partitioning = ARRAY['day(ts)', 'bucket(id, 16)']}. Dispatch on {@link #kind()}.
 */
public sealed interface PropertyValue
        permits PropertyValue.StringValue, PropertyValue.NumberValue, PropertyValue.BooleanValue,
                PropertyValue.StringArrayValue {

    /** The shape of the value. */
    enum Kind { STRING, NUMBER, BOOLEAN, STRING_ARRAY }

    Kind kind();

    /** The value as SQL text, e.g. {@code 'PARQUET'} or {@code ARRAY['a', 'b']}. */
    String toSql();

    /** A string literal, unescaped. */
    record StringValue(String value) implements PropertyValue {
        public StringValue {
            requireNonNull(value, "value is null");
        }

        @Override
        public Kind kind() {
            return Kind.STRING;
        }

        @Override
        public String toSql() {
            return quote(value);
        }
    }

    /** A numeric literal, possibly negative, exactly as written. */
    record NumberValue(BigDecimal value) implements PropertyValue {
        public NumberValue {
            requireNonNull(value, "value is null");
        }

        @Override
        public Kind kind() {
            return Kind.NUMBER;
        }

        @Override
        public String toSql() {
            return value.toString();
        }
    }

    /** {@code TRUE} or {@code FALSE}. */
    record BooleanValue(boolean value) implements PropertyValue {
        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }

        @Override
        public String toSql() {
            return value ? "TRUE" : "FALSE";
        }
    }

    /** {@code ARRAY['a', 'b']}; the elements unescaped. */
    record StringArrayValue(List<String> values) implements PropertyValue {
        public StringArrayValue {
            values = List.copyOf(requireNonNull(values, "values is null"));
        }

        @Override
        public Kind kind() {
            return Kind.STRING_ARRAY;
        }

        @Override
        public String toSql() {
            return values.stream().map(PropertyValue::quote).collect(Collectors.joining(", ", "ARRAY[", "]"));
        }
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
