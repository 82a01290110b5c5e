package io.sqe.policy.file;

import static io.sqe.policy.file.SessionExpressions.quoteIdentifier;
import static io.sqe.policy.file.SessionExpressions.quoteLiteral;
import static java.util.Objects.requireNonNull;

import io.sqe.core.session.SessionUser;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The SQL text of a column mask, of exactly the column's type: {@code CAST(<mask> AS <type>)}, and for NOT NULL
 * columns {@code COALESCE(<that>, <constant of the type>)} so the plan's row type does not change.
 *
 * <p>Masks that make no sense for a type give NULL (or the constant) rather than the raw value: show_first and
 * show_last on anything but character and binary columns, truncate on anything but dates and timestamps, hash on
 * booleans (no keyed pseudonym can hide a two-valued domain).
 */
final class MaskExpressions {
    private static final long DAYS_IN_A_CENTURY = 36_525L;
    private static final long SECONDS_IN_A_DAY = 86_400L;
    private static final long SECONDS_IN_A_CENTURY = DAYS_IN_A_CENTURY * SECONDS_IN_A_DAY;

    private static final java.util.regex.Pattern LOCAL_TIMESTAMP =
            java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?");

    private MaskExpressions() {}

    /** The replacement of {@code column}: its mask, or NULL when {@code mask} is empty (a hidden column). */
    static String expression(String column, RelDataType type, java.util.Optional<MaskSpec> mask, SessionUser user,
            String keyId) {
        requireNonNull(column, "column is null");
        requireNonNull(type, "type is null");
        String typeText = typeText(type);
        String value = mask.map(spec -> maskValue(quoteIdentifier(column), type, typeText, spec, user, keyId))
                .orElse("NULL");
        String cast = "CAST(" + value + " AS " + typeText + ")";
        return type.isNullable() ? cast : "COALESCE(" + cast + ", " + constant(type, typeText) + ")";
    }

    private static String maskValue(String column, RelDataType type, String typeText, MaskSpec mask,
            SessionUser user, String keyId) {
        TypeGroup group = TypeGroup.of(type);
        return switch (mask.kind()) {
            case NULL -> "NULL";
            case FIXED -> fixed(mask.value().orElseThrow(), group);
            case HASH -> hash(column, type, group, quoteLiteral(keyId));
            case SHOW_FIRST, SHOW_LAST -> show(column, group, mask);
            case TRUNCATE -> group.isTemporalWithDate()
                    ? "FLOOR(" + column + " TO " + mask.unit().orElseThrow().name() + ")"
                    : "NULL";
            case SQL -> "(" + SessionExpressions.substitute(mask.sql().orElseThrow(), user) + ")";
        };
    }

    private static String fixed(String value, TypeGroup group) {
        if (group == TypeGroup.TIMESTAMP_WITH_TIME_ZONE && LOCAL_TIMESTAMP.matcher(value).matches()) {
            // Calcite reads a zoned literal only with its zone; a value without one is in the session's zone.
            return "CAST(" + quoteLiteral(value) + " AS TIMESTAMP)";
        }
        if (group == TypeGroup.BINARY) {
            String hex = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
            HexFormat.of().parseHex(hex);
            return "X'" + hex.toUpperCase(Locale.ROOT) + "'";
        }
        return quoteLiteral(value);
    }

    private static String hash(String column, RelDataType type, TypeGroup group, String keyId) {
        String text = "CAST(" + column + " AS VARCHAR)";
        return switch (group) {
            case CHARACTER -> "sqe_mask_hash(" + text + ", " + keyId + ")";
            case BINARY -> "sqe_mask_hash_binary(CAST(" + column + " AS VARBINARY), " + keyId + ")";
            case INTEGRAL, DECIMAL, APPROXIMATE -> "sqe_mask_hash_number(" + text + ", " + keyId + ", "
                    + numberBound(type, group) + ")";
            case BOOLEAN, OTHER -> "NULL";
            case DATE -> "TIMESTAMPADD(DAY, sqe_mask_hash_number(" + text + ", " + keyId + ", " + DAYS_IN_A_CENTURY
                    + "), DATE '1970-01-01')";
            case TIME -> "TIMESTAMPADD(SECOND, ABS(sqe_mask_hash_number(" + text + ", " + keyId + ", "
                    + SECONDS_IN_A_DAY + ")), TIME '00:00:00')";
            case TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> "TIMESTAMPADD(SECOND, sqe_mask_hash_number(" + text + ", "
                    + keyId + ", " + SECONDS_IN_A_CENTURY + "), TIMESTAMP '1970-01-01 00:00:00')";
        };
    }

    /** The exclusive bound of a hashed number, so that the CAST back to the column's type cannot overflow. */
    private static long numberBound(RelDataType type, TypeGroup group) {
        if (group == TypeGroup.DECIMAL) {
            int integerDigits = Math.min(type.getPrecision() - type.getScale(), 18);
            return integerDigits <= 0 ? 1 : (long) Math.pow(10, integerDigits);
        }
        if (group == TypeGroup.APPROXIMATE) {
            // Whole numbers a float (2^24) or double (2^53) represents exactly.
            return type.getSqlTypeName() == SqlTypeName.REAL ? 1L << 24 : 1L << 53;
        }
        return switch (type.getSqlTypeName()) {
            case TINYINT -> 1L << 7;
            case SMALLINT -> 1L << 15;
            case INTEGER -> 1L << 31;
            default -> Long.MAX_VALUE;
        };
    }

    private static String show(String column, TypeGroup group, MaskSpec mask) {
        boolean first = mask.kind() == MaskSpec.Kind.SHOW_FIRST;
        return switch (group) {
            case CHARACTER -> (first ? "sqe_mask_show_first(" : "sqe_mask_show_last(") + "CAST(" + column
                    + " AS VARCHAR), " + mask.count() + ")";
            case BINARY -> (first ? "sqe_mask_show_first_binary(" : "sqe_mask_show_last_binary(") + "CAST("
                    + column + " AS VARBINARY), " + mask.count() + ")";
            default -> "NULL";
        };
    }

    /** A constant of the type, standing in for NULL in NOT NULL columns. */
    private static String constant(RelDataType type, String typeText) {
        String value = switch (TypeGroup.of(type)) {
            case CHARACTER -> "''";
            case BINARY -> "X''";
            case INTEGRAL, DECIMAL, APPROXIMATE -> "0";
            case BOOLEAN -> "FALSE";
            case DATE -> "DATE '1970-01-01'";
            case TIME -> "TIME '00:00:00'";
            case TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> "TIMESTAMP '1970-01-01 00:00:00'";
            case OTHER -> throw new IllegalArgumentException("cannot mask a NOT NULL column of type "
                    + type.getFullTypeString());
        };
        return "CAST(" + value + " AS " + typeText + ")";
    }

    /** The SQL spelling of a column type, as SQE's parser reads it. */
    static String typeText(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        boolean hasPrecision = type.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED;
        return switch (name) {
            case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DATE -> name.getName();
            case FLOAT -> "DOUBLE";
            case DECIMAL -> "DECIMAL(" + type.getPrecision() + ", " + type.getScale() + ")";
            case CHAR, VARCHAR, BINARY, VARBINARY -> name.getName() + (hasPrecision ? "(" + type.getPrecision() + ")" : "");
            case TIME, TIMESTAMP -> name.getName() + (hasPrecision ? "(" + type.getPrecision() + ")" : "");
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "TIMESTAMP" + (hasPrecision ? "(" + type.getPrecision() + ")" : "")
                    + " WITH LOCAL TIME ZONE";
            default -> throw new IllegalArgumentException("columns of type " + type.getFullTypeString()
                    + " cannot be masked");
        };
    }

    /** Types that mask the same way. */
    private enum TypeGroup {
        CHARACTER,
        BINARY,
        INTEGRAL,
        DECIMAL,
        APPROXIMATE,
        BOOLEAN,
        DATE,
        TIME,
        TIMESTAMP,
        TIMESTAMP_WITH_TIME_ZONE,
        OTHER;

        boolean isTemporalWithDate() {
            return this == DATE || this == TIMESTAMP || this == TIMESTAMP_WITH_TIME_ZONE;
        }

        static TypeGroup of(RelDataType type) {
            switch (type.getSqlTypeName()) {
                case CHAR:
                case VARCHAR:
                    return CHARACTER;
                case BINARY:
                case VARBINARY:
                    return BINARY;
                case TINYINT:
                case SMALLINT:
                case INTEGER:
                case BIGINT:
                    return INTEGRAL;
                case DECIMAL:
                    return DECIMAL;
                case REAL:
                case FLOAT:
                case DOUBLE:
                    return APPROXIMATE;
                case BOOLEAN:
                    return BOOLEAN;
                case DATE:
                    return DATE;
                case TIME:
                    return TIME;
                case TIMESTAMP:
                    return TIMESTAMP;
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                    return TIMESTAMP_WITH_TIME_ZONE;
                default:
                    // Library enum with many constants (intervals, collections, ...): none has a mask of its own.
                    return OTHER;
            }
        }
    }
}
