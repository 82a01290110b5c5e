package io.sqe.coordinator.planner;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;

/**
 * Translates Calcite validation failures into categorized SQE errors. Calcite reports them as
 * {@link CalciteContextException} with a position and a message from its resource bundle; the message
 * patterns below are that bundle's wording.
 */
final class ValidationErrors {
    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("^Object '.*' not found within '[^.']+'$"), ErrorCode.SCHEMA_NOT_FOUND),
            new Rule(Pattern.compile("^(Object|Table) '.*' not found"), ErrorCode.TABLE_NOT_FOUND),
            new Rule(Pattern.compile("^Column '.*' not found"), ErrorCode.COLUMN_NOT_FOUND),
            new Rule(Pattern.compile("^Unknown identifier"), ErrorCode.COLUMN_NOT_FOUND),
            new Rule(Pattern.compile("^No match found for function signature"), ErrorCode.FUNCTION_NOT_FOUND),
            new Rule(Pattern.compile("ambiguous", Pattern.CASE_INSENSITIVE), ErrorCode.AMBIGUOUS_NAME),
            new Rule(Pattern.compile("is not being grouped"), ErrorCode.EXPRESSION_NOT_AGGREGATE),
            new Rule(Pattern.compile("^Cannot apply|^Cannot infer|^Cannot assign|cannot be cast|"
                    + "^Type mismatch|incompatible|Cannot convert", Pattern.CASE_INSENSITIVE),
                    ErrorCode.TYPE_MISMATCH),
            new Rule(Pattern.compile("^Number of INSERT target columns|^Number of columns"),
                    ErrorCode.TYPE_MISMATCH),
            new Rule(Pattern.compile("Illegal use of dynamic parameter"), ErrorCode.INVALID_PARAMETER_USAGE),
            new Rule(Pattern.compile("not supported|unsupported", Pattern.CASE_INSENSITIVE),
                    ErrorCode.NOT_SUPPORTED));

    private ValidationErrors() {}

    static SqeException translate(RuntimeException failure) {
        // An access error raised while a table was resolved (a table with no visible column) keeps its code.
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SqeException) {
                return (SqeException) cause;
            }
        }
        if (failure instanceof CalciteContextException) {
            CalciteContextException context = (CalciteContextException) failure;
            String message = context.getCause() != null && context.getCause().getMessage() != null
                    ? context.getCause().getMessage()
                    : String.valueOf(context.getMessage());
            ErrorCode code = classify(message);
            if (code == ErrorCode.TABLE_NOT_FOUND && isQualifiedPrefix(context, message)) {
                code = ErrorCode.SCHEMA_NOT_FOUND;
                message = message.replaceFirst("^Object '([^']*)' not found", "Schema '$1' does not exist");
            }
            if (code == ErrorCode.TABLE_NOT_FOUND) {
                message = message
                        .replaceFirst("^Object '([^']*)' not found within '([^']*)'$", "Table '$2.$1' does not exist")
                        .replaceFirst("^(?:Object|Table) '([^']*)' not found$", "Table '$1' does not exist");
            }
            int line = Math.max(1, context.getPosLine());
            int column = Math.max(1, context.getPosColumn());
            return new SqeException(code, "line " + line + ":" + column + ": " + oneLine(message),
                    new SqeException.ErrorLocation(line, column), failure);
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return new SqeException(classify(message), oneLine(message), failure);
    }

    /**
     * Calcite reports {@code nowhere.t} as "Object 'nowhere' not found": when the failing identifier spans more
     * than the name it reports, the missing object is a schema, not the table.
     */
    private static boolean isQualifiedPrefix(CalciteContextException context, String message) {
        java.util.regex.Matcher matcher = Pattern.compile("^Object '([^']*)' not found$").matcher(message);
        if (!matcher.find() || context.getPosLine() != context.getEndPosLine()) {
            return false;
        }
        int span = context.getEndPosColumn() - context.getPosColumn() + 1;
        return span > matcher.group(1).length();
    }

    private static ErrorCode classify(String message) {
        for (Rule rule : RULES) {
            if (rule.pattern().matcher(message).find()) {
                return rule.code();
            }
        }
        return ErrorCode.GENERIC_USER_ERROR;
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private record Rule(Pattern pattern, ErrorCode code) {}
}
