package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;

/**
 * A column type as written in {@code CREATE TABLE}, in Trino's type system restricted to what Iceberg can store.
 *
 * <p>{@code precision} means: the precision of DECIMAL, the length of VARCHAR and CHAR ({@link #UNBOUNDED_LENGTH}
 * for a VARCHAR without one), the fractional-second digits of TIME and TIMESTAMP, and 0 for every other type.
 * {@code scale} is the scale of DECIMAL and 0 for every other type. An invalid combination is an
 * {@link ErrorCode#INVALID_ARGUMENTS} error.
 */
public record DataType(Base base, int precision, int scale) {
    public static final int MAX_DECIMAL_PRECISION = 38;
    /** Iceberg stores time and timestamps in microseconds. */
    public static final int MAX_TIME_PRECISION = 6;
    public static final int DEFAULT_TIME_PRECISION = 6;
    public static final int MAX_CHAR_LENGTH = 65_536;
    public static final int MAX_VARCHAR_LENGTH = Integer.MAX_VALUE - 1;
    public static final int UNBOUNDED_LENGTH = Integer.MAX_VALUE;

    /** The type families. */
    public enum Base {
        BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, VARCHAR, CHAR, VARBINARY, DATE, TIME,
        TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE
    }

    public DataType {
        requireNonNull(base, "base is null");
        switch (base) {
            case DECIMAL -> {
                check(precision >= 1 && precision <= MAX_DECIMAL_PRECISION,
                        "decimal precision must be between 1 and 38, got " + precision);
                check(scale >= 0 && scale <= precision,
                        "decimal scale must be between 0 and the precision " + precision + ", got " + scale);
            }
            case VARCHAR -> check((precision >= 0 && precision <= MAX_VARCHAR_LENGTH || precision == UNBOUNDED_LENGTH)
                    && scale == 0, "varchar length must be between 0 and " + MAX_VARCHAR_LENGTH + ", got " + precision);
            case CHAR -> check(precision >= 1 && precision <= MAX_CHAR_LENGTH && scale == 0,
                    "char length must be between 1 and " + MAX_CHAR_LENGTH + ", got " + precision);
            case TIME, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> check(
                    precision >= 0 && precision <= MAX_TIME_PRECISION && scale == 0,
                    sqlName(base) + " precision must be between 0 and 6 (Iceberg stores microseconds), got "
                            + precision);
            case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, VARBINARY, DATE -> check(
                    precision == 0 && scale == 0, sqlName(base) + " takes no parameters");
        }
    }

    /** The type with its default parameters: decimal(38,0), unbounded varchar, char(1), time(6), timestamp(6). */
    public static DataType of(Base base) {
        return switch (base) {
            case DECIMAL -> new DataType(base, MAX_DECIMAL_PRECISION, 0);
            case VARCHAR -> new DataType(base, UNBOUNDED_LENGTH, 0);
            case CHAR -> new DataType(base, 1, 0);
            case TIME, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> new DataType(base, DEFAULT_TIME_PRECISION, 0);
            case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, VARBINARY, DATE -> new DataType(base, 0, 0);
        };
    }

    public static DataType decimal(int precision, int scale) {
        return new DataType(Base.DECIMAL, precision, scale);
    }

    public static DataType varchar(int length) {
        return new DataType(Base.VARCHAR, length, 0);
    }

    public static DataType character(int length) {
        return new DataType(Base.CHAR, length, 0);
    }

    public static DataType time(int precision) {
        return new DataType(Base.TIME, precision, 0);
    }

    public static DataType timestamp(int precision) {
        return new DataType(Base.TIMESTAMP, precision, 0);
    }

    public static DataType timestampWithTimeZone(int precision) {
        return new DataType(Base.TIMESTAMP_WITH_TIME_ZONE, precision, 0);
    }

    /** True for a VARCHAR declared without a length. */
    public boolean isUnboundedVarchar() {
        return base == Base.VARCHAR && precision == UNBOUNDED_LENGTH;
    }

    /** Trino's spelling, e.g. {@code decimal(10,2)}, {@code varchar(20)}, {@code timestamp(6) with time zone}. */
    @Override
    public String toString() {
        return switch (base) {
            case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, VARBINARY, DATE -> sqlName(base);
            case DECIMAL -> "decimal(" + precision + "," + scale + ")";
            case VARCHAR -> isUnboundedVarchar() ? "varchar" : "varchar(" + precision + ")";
            case CHAR -> "char(" + precision + ")";
            case TIME -> "time(" + precision + ")";
            case TIMESTAMP -> "timestamp(" + precision + ")";
            case TIMESTAMP_WITH_TIME_ZONE -> "timestamp(" + precision + ") with time zone";
        };
    }

    private static String sqlName(Base base) {
        return switch (base) {
            case BOOLEAN -> "boolean";
            case TINYINT -> "tinyint";
            case SMALLINT -> "smallint";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case REAL -> "real";
            case DOUBLE -> "double";
            case DECIMAL -> "decimal";
            case VARCHAR -> "varchar";
            case CHAR -> "char";
            case VARBINARY -> "varbinary";
            case DATE -> "date";
            case TIME -> "time";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMP_WITH_TIME_ZONE -> "timestamp with time zone";
        };
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new SqeException(ErrorCode.INVALID_ARGUMENTS, message);
        }
    }
}
