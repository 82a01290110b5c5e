package io.sqe.coordinator.ddl;

import java.util.List;

/**
 * The functions SHOW FUNCTIONS lists, in Trino's column shape. Kept by hand next to docs/sql.md: Calcite's operator
 * table holds many functions SQE does not claim to support, so it is not the source.
 */
final class BuiltInFunctions {
    /** Function, Return Type, Argument Types, Function Type, Deterministic, Description. */
    static final List<Object[]> ROWS = List.of(
            row("abs", "T", "T", "scalar", "Absolute value"),
            row("avg", "double", "T", "aggregate", "Average of the non-null values"),
            row("ceil", "T", "T", "scalar", "Round up to the nearest integer"),
            row("char_length", "bigint", "varchar", "scalar", "Length in characters"),
            row("chr", "varchar", "bigint", "scalar", "The character with the given code point"),
            row("coalesce", "T", "T, T", "scalar", "The first non-null argument"),
            row("concat", "varchar", "varchar, varchar", "scalar", "Concatenation"),
            row("count", "bigint", "T", "aggregate", "Number of non-null values, or of rows for count(*)"),
            row("current_date", "date", "", "scalar", "The current date"),
            row("current_timestamp", "timestamp(6) with time zone", "", "scalar", "The current instant"),
            row("current_user", "varchar", "", "scalar", "The session's user"),
            row("dayofmonth", "bigint", "date", "scalar", "Day of the month"),
            row("dense_rank", "bigint", "", "window", "Rank without gaps"),
            row("exp", "double", "double", "scalar", "e raised to the power of the argument"),
            row("floor", "T", "T", "scalar", "Round down to the nearest integer"),
            row("hour", "bigint", "timestamp(6)", "scalar", "Hour of the day"),
            row("ifnull", "T", "T, T", "scalar", "The second argument when the first is null"),
            row("left", "varchar", "varchar, bigint", "scalar", "The first n characters"),
            row("length", "bigint", "varchar", "scalar", "Length in characters"),
            row("ln", "double", "double", "scalar", "Natural logarithm"),
            row("log10", "double", "double", "scalar", "Base 10 logarithm"),
            row("lower", "varchar", "varchar", "scalar", "Lower case"),
            row("lpad", "varchar", "varchar, bigint, varchar", "scalar", "Pad on the left"),
            row("ltrim", "varchar", "varchar", "scalar", "Remove leading white space"),
            row("max", "T", "T", "aggregate", "Largest value"),
            row("min", "T", "T", "aggregate", "Smallest value"),
            row("minute", "bigint", "timestamp(6)", "scalar", "Minute of the hour"),
            row("mod", "T", "T, T", "scalar", "Remainder of a division"),
            row("month", "bigint", "date", "scalar", "Month of the year"),
            row("nullif", "T", "T, T", "scalar", "Null when both arguments are equal"),
            row("power", "double", "double, double", "scalar", "The first argument raised to the second"),
            row("rank", "bigint", "", "window", "Rank with gaps"),
            row("replace", "varchar", "varchar, varchar, varchar", "scalar", "Replace every occurrence"),
            row("reverse", "varchar", "varchar", "scalar", "The characters in reverse order"),
            row("right", "varchar", "varchar, bigint", "scalar", "The last n characters"),
            row("round", "T", "T, integer", "scalar", "Round to n decimal places"),
            row("row_number", "bigint", "", "window", "Number of the row in its partition"),
            row("rpad", "varchar", "varchar, bigint, varchar", "scalar", "Pad on the right"),
            row("rtrim", "varchar", "varchar", "scalar", "Remove trailing white space"),
            row("second", "bigint", "timestamp(6)", "scalar", "Second of the minute"),
            row("sign", "T", "T", "scalar", "Sign of the argument"),
            row("split_part", "varchar", "varchar, varchar, bigint", "scalar", "The n-th field"),
            row("sqrt", "double", "double", "scalar", "Square root"),
            row("starts_with", "boolean", "varchar, varchar", "scalar", "Whether the string starts with the prefix"),
            row("strpos", "bigint", "varchar, varchar", "scalar", "1-based position of the substring, 0 if absent"),
            row("substring", "varchar", "varchar, bigint, bigint", "scalar", "A part of a string"),
            row("sum", "T", "T", "aggregate", "Sum of the non-null values"),
            row("trim", "varchar", "varchar", "scalar", "Remove leading and trailing spaces"),
            row("truncate", "T", "T", "scalar", "Drop the fractional part"),
            row("upper", "varchar", "varchar", "scalar", "Upper case"),
            row("year", "bigint", "date", "scalar", "Year"));

    private BuiltInFunctions() {}

    private static Object[] row(String name, String returnType, String argumentTypes, String kind, String description) {
        return new Object[] {name, returnType, argumentTypes, kind, Boolean.valueOf(!name.startsWith("current_")),
            description};
    }
}
