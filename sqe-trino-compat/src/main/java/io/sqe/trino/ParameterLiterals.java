package io.sqe.trino;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of {@code EXECUTE ... USING} parameters. Trino's clients send literals: {@code 42},
 * {@code 'text'}, {@code X'0aff'}, {@code true}, {@code NULL}, {@code CAST(NULL AS type)} and typed literals such
 * as {@code DECIMAL '1.50'}, {@code INTEGER '5'} or {@code TIMESTAMP '2024-01-05 10:00:00.000'}. They become the
 * plain Java values {@link io.sqe.core.engine.StatementPlan#execute} takes.
 */
final class ParameterLiterals {
    private static final Pattern TYPED = Pattern.compile("(?is)([a-z][a-z ]*?)\\s*'(.*)'");
    private static final Pattern CAST = Pattern.compile("(?is)cast\\s*\\((.*)\\s+as\\s+[a-z][a-z0-9_ (),]*\\)");
    private static final Pattern ZONED = Pattern.compile("(.*\\d)\\s+([A-Za-z][\\w/+-]*|[+-]\\d\\d:\\d\\d)");

    private ParameterLiterals() {}

    static List<Object> values(List<String> literals) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < literals.size(); i++) {
            try {
                values.add(value(literals.get(i).trim()));
            } catch (DateTimeException | IllegalArgumentException e) {
                throw invalid(i + 1, literals.get(i));
            }
        }
        return values;
    }

    private static Object value(String literal) {
        Matcher cast = CAST.matcher(literal);
        if (cast.matches()) {
            return value(cast.group(1).trim());
        }
        String lower = literal.toLowerCase(Locale.ROOT);
        if (lower.equals("null")) {
            return null;
        }
        if (lower.equals("true") || lower.equals("false")) {
            return Boolean.valueOf(lower);
        }
        if (literal.startsWith("'") && literal.endsWith("'") && literal.length() >= 2) {
            return unquote(literal.substring(1, literal.length() - 1));
        }
        if ((lower.startsWith("x'") && lower.endsWith("'"))) {
            return HexFormat.of().parseHex(literal.substring(2, literal.length() - 1));
        }
        Matcher typed = TYPED.matcher(literal);
        if (typed.matches()) {
            return typed(typed.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " "),
                    unquote(typed.group(2)));
        }
        return number(literal);
    }

    private static Object typed(String type, String text) {
        switch (type) {
            case "tinyint":
            case "smallint":
            case "integer":
            case "int":
                return Integer.valueOf(text.trim());
            case "bigint":
                return Long.valueOf(text.trim());
            case "real":
                return Float.valueOf(text.trim());
            case "double":
                return Double.valueOf(text.trim());
            case "decimal":
                return new BigDecimal(text.trim());
            case "varchar":
            case "char":
                return text;
            case "date":
                return LocalDate.parse(text.trim());
            case "time":
                return LocalTime.parse(text.trim());
            case "timestamp":
                return timestamp(text.trim());
            default:
                throw new IllegalArgumentException("unsupported literal type " + type);
        }
    }

    /** A LocalDateTime, or an Instant when the literal names a zone. */
    private static Object timestamp(String text) {
        Matcher zoned = ZONED.matcher(text);
        if (zoned.matches() && !zoned.group(2).matches("\\d.*")) {
            LocalDateTime local = LocalDateTime.parse(zoned.group(1).replace(' ', 'T'));
            return local.atZone(ZoneId.of(zoned.group(2))).toInstant();
        }
        return LocalDateTime.parse(text.replace(' ', 'T'));
    }

    private static Object number(String literal) {
        if (literal.matches("[+-]?\\d+")) {
            long value = Long.parseLong(literal);
            return value == (int) value ? Integer.valueOf((int) value) : (Object) Long.valueOf(value);
        }
        if (literal.matches("[+-]?(\\d+\\.\\d*|\\.\\d+)")) {
            return new BigDecimal(literal);
        }
        return Double.valueOf(literal);
    }

    private static String unquote(String text) {
        return text.replace("''", "'");
    }

    private static SqeException invalid(int position, String literal) {
        return new SqeException(ErrorCode.INVALID_PARAMETER_USAGE, "Parameter " + position + " of EXECUTE ... USING, '"
                + literal + "', is not a literal SQE understands; pass a literal such as 42, 'text' or DATE '2024-01-05'");
    }
}
