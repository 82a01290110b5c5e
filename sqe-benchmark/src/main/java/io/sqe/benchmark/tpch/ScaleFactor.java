package io.sqe.benchmark.tpch;

import java.math.BigDecimal;

/** A TPC-H scale factor (1 is about 1 GB of raw data) and the schema its tables live in. */
public record ScaleFactor(BigDecimal value) {
    public ScaleFactor {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException("the scale factor must be positive, for example 0.01 or 1: " + value);
        }
        value = value.stripTrailingZeros();
    }

    public static ScaleFactor of(String text) {
        try {
            return new ScaleFactor(new BigDecimal(text.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the scale factor must be a number, for example 0.01 or 1: " + text, e);
        }
    }

    public double asDouble() {
        return value.doubleValue();
    }

    /** {@code tpch_sf0_01} for 0.01, {@code tpch_sf1} for 1. */
    public String schemaName() {
        return "tpch_sf" + value.toPlainString().replace('.', '_');
    }

    @Override
    public String toString() {
        return value.toPlainString();
    }
}
