package io.sqe.coordinator.flight;

import static java.util.Objects.requireNonNull;

import java.sql.Types;
import java.util.List;
import java.util.Optional;

/** One row of GetXdbcTypeInfo: a SQL type SQE supports, described the way JDBC's getTypeInfo does. */
record XdbcType(
        String name,
        int jdbcType,
        Optional<Integer> columnSize,
        Optional<String> literalPrefix,
        Optional<String> literalSuffix,
        List<String> createParams,
        boolean caseSensitive,
        boolean numeric,
        Optional<Integer> minimumScale,
        Optional<Integer> maximumScale,
        Optional<Integer> radix) {
    static final List<XdbcType> SUPPORTED = List.of(
            plain("BOOLEAN", Types.BOOLEAN, 1),
            number("INTEGER", Types.INTEGER, 10, 10, 0),
            number("BIGINT", Types.BIGINT, 19, 10, 0),
            number("REAL", Types.REAL, 7, 2, 0),
            number("DOUBLE", Types.DOUBLE, 15, 2, 0),
            new XdbcType("DECIMAL", Types.DECIMAL, Optional.of(38), Optional.empty(), Optional.empty(),
                    List.of("precision", "scale"), false, true, Optional.of(0), Optional.of(38), Optional.of(10)),
            new XdbcType("VARCHAR", Types.VARCHAR, Optional.of(Integer.MAX_VALUE), Optional.of("'"),
                    Optional.of("'"), List.of(), true, false, Optional.empty(), Optional.empty(), Optional.empty()),
            literal("VARBINARY", Types.VARBINARY, Integer.MAX_VALUE, "X'", 0),
            literal("DATE", Types.DATE, 10, "DATE '", 0),
            literal("TIME", Types.TIME, 15, "TIME '", 6),
            literal("TIMESTAMP", Types.TIMESTAMP, 26, "TIMESTAMP '", 6),
            literal("TIMESTAMP WITH TIME ZONE", Types.TIMESTAMP_WITH_TIMEZONE, 32, "TIMESTAMP '", 6));

    XdbcType {
        requireNonNull(name, "name is null");
        requireNonNull(columnSize, "columnSize is null");
        requireNonNull(literalPrefix, "literalPrefix is null");
        requireNonNull(literalSuffix, "literalSuffix is null");
        createParams = List.copyOf(requireNonNull(createParams, "createParams is null"));
        requireNonNull(minimumScale, "minimumScale is null");
        requireNonNull(maximumScale, "maximumScale is null");
        requireNonNull(radix, "radix is null");
    }

    private static XdbcType plain(String name, int jdbcType, int columnSize) {
        return new XdbcType(name, jdbcType, Optional.of(columnSize), Optional.empty(), Optional.empty(), List.of(),
                false, false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static XdbcType number(String name, int jdbcType, int precision, int radix, int scale) {
        return new XdbcType(name, jdbcType, Optional.of(precision), Optional.empty(), Optional.empty(), List.of(),
                false, true, Optional.of(scale), Optional.of(scale), Optional.of(radix));
    }

    private static XdbcType literal(String name, int jdbcType, int columnSize, String prefix, int maximumScale) {
        return new XdbcType(name, jdbcType, Optional.of(columnSize), Optional.of(prefix), Optional.of("'"),
                List.of(), false, false, Optional.of(0), Optional.of(maximumScale), Optional.empty());
    }
}
