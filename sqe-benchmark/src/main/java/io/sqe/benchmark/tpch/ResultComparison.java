package io.sqe.benchmark.tpch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares SQE's result of a query with DuckDB's. The rules:
 * <ul>
 *   <li>Same number of columns (names are not compared) and rows; rows in the same order, since every TPC-H
 *       query orders its result.</li>
 *   <li>Exact numbers (integers, decimals) are compared by value, whatever their scale: {@code 1.50} equals
 *       {@code 1.5}. When the scales differ (one engine rounded a quotient or an average to fewer digits),
 *       the values may differ by less than one unit in the last place of the coarser one.</li>
 *   <li>When either side is a {@code double} or {@code real}, the values may differ by a relative 1e-9, or by
 *       one unit in the last place of the other side when that is a decimal (DuckDB returns averages and
 *       decimal quotients as doubles; SQE as decimals of at least six fractional digits).</li>
 *   <li>Dates compare as dates, whichever Java type the driver returns; everything else with
 *       {@code equals} on its string form (strings exactly, trailing spaces included).</li>
 * </ul>
 */
final class ResultComparison {
    private static final BigDecimal RELATIVE_TOLERANCE = new BigDecimal("1e-9");

    private ResultComparison() {}

    /** Empty when {@code actual} (SQE) matches {@code expected} (DuckDB), else the first difference. */
    static Optional<String> difference(QueryResult expected, QueryResult actual) {
        if (expected.columns().size() != actual.columns().size()) {
            return Optional.of("SQE returned " + actual.columns().size() + " columns " + actual.columns()
                    + ", DuckDB " + expected.columns().size() + " " + expected.columns());
        }
        int rows = Math.min(expected.rows().size(), actual.rows().size());
        for (int row = 0; row < rows; row++) {
            List<Object> expectedRow = expected.rows().get(row);
            List<Object> actualRow = actual.rows().get(row);
            for (int column = 0; column < expectedRow.size(); column++) {
                if (!valuesMatch(expectedRow.get(column), actualRow.get(column))) {
                    String where = "row " + (row + 1) + " column " + (column + 1) + " ("
                            + expected.columns().get(column) + "): DuckDB " + describe(expectedRow.get(column))
                            + ", SQE " + describe(actualRow.get(column));
                    if (expected.rows().size() == actual.rows().size() && sameRowsInAnyOrder(expected, actual)) {
                        return Optional.of("the same rows in another order; first difference at " + where);
                    }
                    return Optional.of(countNote(expected, actual) + "first difference at " + where
                            + "; DuckDB row " + render(expectedRow) + ", SQE row " + render(actualRow));
                }
            }
        }
        if (expected.rows().size() != actual.rows().size()) {
            return Optional.of(countNote(expected, actual) + "the first " + rows + " rows match");
        }
        return Optional.empty();
    }

    static boolean valuesMatch(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == null && actual == null;
        }
        if (expected instanceof Number && actual instanceof Number) {
            return numbersMatch((Number) expected, (Number) actual);
        }
        Optional<LocalDate> expectedDate = asDate(expected);
        Optional<LocalDate> actualDate = asDate(actual);
        if (expectedDate.isPresent() || actualDate.isPresent()) {
            return expectedDate.equals(actualDate);
        }
        return expected.toString().equals(actual.toString());
    }

    private static boolean numbersMatch(Number expected, Number actual) {
        if (!isFinite(expected) || !isFinite(actual)) {
            return expected.doubleValue() == actual.doubleValue()
                    || Double.isNaN(expected.doubleValue()) && Double.isNaN(actual.doubleValue());
        }
        BigDecimal left = toDecimal(expected);
        BigDecimal right = toDecimal(actual);
        BigDecimal difference = left.subtract(right).abs();
        if (difference.signum() == 0) {
            return true;
        }
        boolean leftExact = isExact(expected);
        boolean rightExact = isExact(actual);
        if (leftExact && rightExact) {
            if (left.scale() == right.scale()) {
                return false;
            }
            return difference.compareTo(unitInLastPlace(Math.min(left.scale(), right.scale()))) < 0;
        }
        BigDecimal magnitude = left.abs().max(right.abs());
        BigDecimal tolerance = magnitude.multiply(RELATIVE_TOLERANCE, MathContext.DECIMAL64);
        if (leftExact) {
            tolerance = tolerance.max(unitInLastPlace(left.scale()));
        }
        if (rightExact) {
            tolerance = tolerance.max(unitInLastPlace(right.scale()));
        }
        return difference.compareTo(tolerance) <= 0;
    }

    private static boolean isExact(Number number) {
        return !(number instanceof Double || number instanceof Float);
    }

    private static boolean isFinite(Number number) {
        return isExact(number) || Double.isFinite(number.doubleValue());
    }

    private static BigDecimal toDecimal(Number number) {
        if (number instanceof BigDecimal) {
            return (BigDecimal) number;
        }
        if (number instanceof BigInteger) {
            return new BigDecimal((BigInteger) number);
        }
        if (number instanceof Double || number instanceof Float) {
            return new BigDecimal(number.doubleValue());
        }
        return BigDecimal.valueOf(number.longValue());
    }

    private static BigDecimal unitInLastPlace(int scale) {
        return BigDecimal.ONE.scaleByPowerOfTen(-Math.max(scale, 0));
    }

    private static Optional<LocalDate> asDate(Object value) {
        if (value instanceof LocalDate) {
            return Optional.of((LocalDate) value);
        }
        if (value instanceof java.sql.Date) {
            return Optional.of(((java.sql.Date) value).toLocalDate());
        }
        if (value instanceof LocalDateTime && ((LocalDateTime) value).toLocalTime().toNanoOfDay() == 0) {
            return Optional.of(((LocalDateTime) value).toLocalDate());
        }
        return Optional.empty();
    }

    private static boolean sameRowsInAnyOrder(QueryResult expected, QueryResult actual) {
        List<List<Object>> unmatched = new ArrayList<>(actual.rows());
        for (List<Object> row : expected.rows()) {
            boolean found = false;
            for (int i = 0; i < unmatched.size() && !found; i++) {
                if (rowsMatch(row, unmatched.get(i))) {
                    unmatched.remove(i);
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean rowsMatch(List<Object> expected, List<Object> actual) {
        for (int i = 0; i < expected.size(); i++) {
            if (!valuesMatch(expected.get(i), actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String countNote(QueryResult expected, QueryResult actual) {
        if (expected.rows().size() == actual.rows().size()) {
            return "";
        }
        return "SQE returned " + actual.rows().size() + " rows, DuckDB " + expected.rows().size() + "; ";
    }

    private static String describe(Object value) {
        return value == null ? "NULL" : value + " (" + value.getClass().getSimpleName() + ")";
    }

    private static String render(List<Object> row) {
        List<String> values = new ArrayList<>();
        for (Object value : row) {
            values.add(String.valueOf(value));
        }
        return "[" + String.join(", ", values) + "]";
    }
}
