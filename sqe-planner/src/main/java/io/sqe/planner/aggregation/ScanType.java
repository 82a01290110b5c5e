package io.sqe.planner.aggregation;

import static java.util.Objects.requireNonNull;

/**
 * The type of a value in a pushed aggregation. Decimals carry precision and scale; other kinds have precision and
 * scale 0.
 *
 * @param kind the kind of value
 * @param precision decimal digits, 1..38, for {@link Kind#DECIMAL}; 0 otherwise
 * @param scale digits after the point, 0..precision, for {@link Kind#DECIMAL}; 0 otherwise
 */
public record ScanType(Kind kind, int precision, int scale) {
    /** The kinds of value the worker's columnar kernels evaluate. */
    public enum Kind {
        BOOLEAN, INT, LONG, DOUBLE, DECIMAL, DATE, STRING
    }

    /** The largest decimal precision an unscaled value of which always fits a long. */
    public static final int MAX_LONG_DECIMAL_PRECISION = 18;

    public ScanType {
        requireNonNull(kind, "kind is null");
        if (kind == Kind.DECIMAL) {
            if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("Invalid decimal(" + precision + "," + scale + ")");
            }
        } else if (precision != 0 || scale != 0) {
            throw new IllegalArgumentException(kind + " has no precision or scale");
        }
    }

    public static ScanType of(Kind kind) {
        return new ScanType(kind, 0, 0);
    }

    public static ScanType decimal(int precision, int scale) {
        return new ScanType(Kind.DECIMAL, precision, scale);
    }

    /** True for the kinds arithmetic applies to. */
    public boolean isNumeric() {
        return kind == Kind.INT || kind == Kind.LONG || kind == Kind.DOUBLE || kind == Kind.DECIMAL;
    }

    @Override
    public String toString() {
        return kind == Kind.DECIMAL ? "decimal(" + precision + "," + scale + ")" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
