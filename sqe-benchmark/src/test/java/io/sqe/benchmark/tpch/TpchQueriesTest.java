package io.sqe.benchmark.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TpchQueriesTest {
    @Test
    void everyQueryIsAResourceWithoutItsHeaderComment() {
        for (int query : TpchQueries.all()) {
            assertThat(TpchQueries.sql(query)).as("Q%d", query).startsWithIgnoringCase(query == 15 ? "WITH" : "SELECT")
                    .doesNotContain("--").doesNotEndWith(";");
        }
        assertThat(TpchQueries.all()).hasSize(22);
    }

    @Test
    void parsesListsAndRanges() {
        assertThat(TpchQueries.parse("5,1,3")).containsExactly(1, 3, 5);
        assertThat(TpchQueries.parse("1-3, 3, 22")).containsExactly(1, 2, 3, 22);
    }

    @Test
    void rejectsUnknownQueries() {
        assertThatThrownBy(() -> TpchQueries.parse("23"))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("TPC-H has queries 1 to 22; there is no query 23");
        assertThatThrownBy(() -> TpchQueries.parse("one"))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("Cannot read the query list 'one'");
    }

    @Test
    void scaleFactorsNameTheirSchema() {
        assertThat(ScaleFactor.of("0.01").schemaName()).isEqualTo("tpch_sf0_01");
        assertThat(ScaleFactor.of("1.0").schemaName()).isEqualTo("tpch_sf1");
        assertThat(ScaleFactor.of("0.10").schemaName()).isEqualTo("tpch_sf0_1");
        assertThatThrownBy(() -> ScaleFactor.of("0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the scale factor must be positive");
        assertThat(List.of(TpchSchema.money(1234.5600000001), TpchSchema.money(0.07)))
                .extracting(Object::toString).containsExactly("1234.56", "0.07");
    }

    @Test
    void reportShowsMediansRatiosAndGeometricMeans() {
        QueryOutcome fast = new QueryOutcome(1, List.of(30.0, 10.0, 20.0), List.of(5.0, 5.0, 5.0),
                java.util.Optional.empty(), java.util.Optional.empty(), 4);
        QueryOutcome failed = new QueryOutcome(2, List.of(), List.of(2.0), java.util.Optional.of("SYNTAX_ERROR: x"),
                java.util.Optional.empty(), 1);
        String report = BenchmarkReport.format(List.of(fast, failed));
        assertThat(report).contains("Q1 ", "20.0", "5.0", "4.00", "yes")
                .contains("Q2 ", "error", "NO")
                .contains("1 of 2 queries match DuckDB")
                .contains("Q2: SYNTAX_ERROR: x");
        assertThat(BenchmarkReport.geometricMean(List.of(2.0, 8.0))).isEqualTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
