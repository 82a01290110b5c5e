package io.sqe.benchmark.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultComparisonTest {
    @Test
    void decimalsCompareByValueWhateverTheirScale() {
        assertThat(ResultComparison.valuesMatch(new BigDecimal("1.50"), new BigDecimal("1.5"))).isTrue();
        assertThat(ResultComparison.valuesMatch(new BigDecimal("380456.00"), 380456L)).isTrue();
        assertThat(ResultComparison.valuesMatch(new BigDecimal("1.50"), new BigDecimal("1.51"))).isFalse();
    }

    @Test
    void aDecimalRoundedToFewerDigitsMatchesWithinItsLastPlace() {
        assertThat(ResultComparison.valuesMatch(new BigDecimal("0.33333333"), new BigDecimal("0.333333"))).isTrue();
        assertThat(ResultComparison.valuesMatch(new BigDecimal("0.33433333"), new BigDecimal("0.333333"))).isFalse();
    }

    @Test
    void doublesMatchWithinARelativeToleranceOrTheDecimalsLastPlace() {
        assertThat(ResultComparison.valuesMatch(1234567.891, 1234567.891 * (1 + 1e-12))).isTrue();
        assertThat(ResultComparison.valuesMatch(1234567.891, 1234567.9)).isFalse();
        assertThat(ResultComparison.valuesMatch(25.522005853257337, new BigDecimal("25.522006"))).isTrue();
        assertThat(ResultComparison.valuesMatch(25.522005853257337, new BigDecimal("25.522008"))).isFalse();
    }

    @Test
    void datesCompareAsDatesAndNullsOnlyWithNulls() {
        assertThat(ResultComparison.valuesMatch(LocalDate.of(1995, 3, 15), java.sql.Date.valueOf("1995-03-15"))).isTrue();
        assertThat(ResultComparison.valuesMatch(LocalDate.of(1995, 3, 15), java.sql.Date.valueOf("1995-03-14"))).isFalse();
        assertThat(ResultComparison.valuesMatch(null, null)).isTrue();
        assertThat(ResultComparison.valuesMatch(null, 0)).isFalse();
        assertThat(ResultComparison.valuesMatch("BRAZIL", "BRAZIL ")).isFalse();
    }

    @Test
    void reportsTheFirstDifferenceAndReorderedRows() {
        QueryResult duckDb = result(row("A", 1L), row("B", 2L));
        assertThat(ResultComparison.difference(duckDb, result(row("A", 1L), row("B", 2L)))).isEmpty();
        assertThat(ResultComparison.difference(duckDb, result(row("A", 1L), row("B", 3L))))
                .hasValue("first difference at row 2 column 2 (c2): DuckDB 2 (Long), SQE 3 (Long);"
                        + " DuckDB row [B, 2], SQE row [B, 3]");
        assertThat(ResultComparison.difference(duckDb, result(row("B", 2L), row("A", 1L))))
                .hasValue("the same rows in another order; first difference at row 1 column 1 (c1):"
                        + " DuckDB A (String), SQE B (String)");
        assertThat(ResultComparison.difference(duckDb, result(row("A", 1L))))
                .hasValue("SQE returned 1 rows, DuckDB 2; the first 1 rows match");
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @SafeVarargs
    private static QueryResult result(List<Object>... rows) {
        return new QueryResult(List.of("c1", "c2"), List.of(rows), 0);
    }
}
