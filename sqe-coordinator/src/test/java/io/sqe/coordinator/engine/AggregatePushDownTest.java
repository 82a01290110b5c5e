package io.sqe.coordinator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggregations pushed into the scan give the same rows as the same query kept out of the push-down (a filter that
 * is always true but outside the worker's expression language keeps it in Calcite), and EXPLAIN shows what was
 * pushed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregatePushDownTest {
    /** Always true, and CHAR_LENGTH is not in the pushed language: the reference plan aggregates in Calcite. */
    private static final String KEEP_IN_CALCITE = "char_length(coalesce(s, '')) >= 0";

    private static final String[] QUERIES = {
        "SELECT count(*) FROM t",
        "SELECT count(*), count(i), count(s), sum(l), sum(d), min(d), max(d), avg(d) FROM t",
        "SELECT s, count(*), sum(i), sum(l), min(day), max(day), min(s), max(w), sum(w) FROM t GROUP BY s",
        "SELECT day, i, sum(d * (1 - d2)), sum(d * (1 - d2) * (1 + d2)) FROM t GROUP BY day, i",
        "SELECT d, count(*) FROM t WHERE d IS NOT NULL GROUP BY d",
        "SELECT sum(x), min(x), max(x), sum(x * i) FROM t WHERE x > 0.25 OR i IS NULL",
        "SELECT sum(d * d2) FROM t WHERE day >= DATE '2024-01-02' AND day < DATE '2024-01-01' + INTERVAL '3' DAY"
                + " AND d2 BETWEEN 0.05 AND 0.07 AND l < 40",
        "SELECT b, count(*), sum(CAST(i AS bigint)), sum(CAST(i AS double)) FROM t WHERE NOT b OR s <> 'b' GROUP BY b",
        "SELECT sum(l) FROM t WHERE s = 'nothing'",
        "SELECT count(*) FROM t WHERE s = 'nothing' GROUP BY s",
    };

    private Path warehouse;
    private EngineHarness harness;

    @BeforeAll
    void createTable(@TempDir Path directory) {
        warehouse = directory;
        harness = new EngineHarness(warehouse);
        harness.run("CREATE SCHEMA p");
        harness.run("CREATE TABLE p.t (i integer, l bigint, d decimal(12,2), d2 decimal(4,2), w decimal(30,4),"
                + " x double, day date, s varchar, b boolean)");
        StringBuilder values = new StringBuilder();
        for (int row = 0; row < 600; row++) {
            values.append(row == 0 ? "" : ", ").append('(')
                    .append(row % 11 == 0 ? "NULL" : String.valueOf(row % 17 - 5)).append(", ")
                    .append(row % 13 == 0 ? "NULL" : String.valueOf(row * 7L)).append(", ")
                    .append(row % 9 == 0 ? "NULL" : (row * 37 % 10_000) + "." + (row % 100)).append(", ")
                    .append("0.0").append(row % 10).append(", ")
                    .append(row % 7 == 0 ? "NULL" : "12345678901234567890." + (1000 + row)).append(", ")
                    .append(row % 5 == 0 ? "NULL" : String.valueOf(row / 8.0)).append(", ")
                    .append(row % 19 == 0 ? "NULL" : "DATE '2024-01-0" + (1 + row % 5) + "'").append(", ")
                    .append(row % 23 == 0 ? "NULL" : "'" + (char) ('a' + row % 4) + "'").append(", ")
                    .append(row % 29 == 0 ? "NULL" : String.valueOf(row % 2 == 0)).append(')');
        }
        // Two inserts: two data files, so two scan tasks whose partial rows the final aggregate combines.
        harness.run("INSERT INTO p.t VALUES " + values);
        harness.run("INSERT INTO p.t VALUES " + values);
    }

    @AfterAll
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void pushedAggregationsMatchTheUnpushedPlan() {
        for (String query : QUERIES) {
            String pushed = query.replace(" FROM t", " FROM p.t");
            String reference = withCondition(pushed);
            assertThat(explain(pushed)).as("plan of %s", pushed).contains("SqePartialAggregate");
            assertThat(explain(reference)).as("plan of %s", reference).doesNotContain("SqePartialAggregate");
            assertThat(sorted(harness.run(pushed))).as(pushed).isEqualTo(sorted(harness.run(reference)));
        }
    }

    @Test
    void explainShowsThePushedFilterProjectionsAndAggregates() {
        String plan = explain("SELECT s, sum(d * (1 - d2)), count(*) FROM p.t WHERE day <= DATE '2024-01-05'"
                + " - INTERVAL '2' DAY GROUP BY s");

        assertThat(plan).contains("SqePartialAggregate(pushedAggregation=[filter=LESS_OR_EQUAL(day, DATE '2024-01-03'),"
                + " groupBy=[s], aggregates=[sum(MULTIPLY(d, SUBTRACT(1, d2))), count(MULTIPLY(d, SUBTRACT(1, d2))), count(*)]])");
        assertThat(plan).contains("SqeTableScan(table=[[iceberg, p, t]], columns=[[day, s, d, d2]]");
    }

    @Test
    void distinctBecomesAPushedGroupBy() {
        assertThat(explain("SELECT count(DISTINCT s) FROM p.t"))
                .contains("SqePartialAggregate(pushedAggregation=[groupBy=[s], aggregates=[]])");
        assertThat(harness.run("SELECT count(DISTINCT s) FROM p.t")).containsExactly(List.of("4"));
    }

    @Test
    void unsupportedExpressionsAndAggregatesStayInCalcite() {
        assertThat(explain("SELECT sum(i / 2) FROM p.t")).doesNotContain("SqePartialAggregate");
        assertThat(explain("SELECT upper(s), count(*) FROM p.t GROUP BY upper(s)")).doesNotContain("SqePartialAggregate");
        assertThat(explain("SELECT x, count(*) FROM p.t GROUP BY x")).doesNotContain("SqePartialAggregate");
    }

    private static String withCondition(String query) {
        int where = query.indexOf(" WHERE ");
        int group = query.indexOf(" GROUP BY ");
        if (where >= 0) {
            int end = group >= 0 ? group : query.length();
            return query.substring(0, where) + " WHERE (" + query.substring(where + 7, end) + ") AND " + KEEP_IN_CALCITE
                    + query.substring(end);
        }
        if (group >= 0) {
            return query.substring(0, group) + " WHERE " + KEEP_IN_CALCITE + query.substring(group);
        }
        return query + " WHERE " + KEEP_IN_CALCITE;
    }

    private String explain(String query) {
        return harness.run("EXPLAIN " + query).stream().map(row -> String.valueOf(row.get(0)))
                .collect(Collectors.joining("\n"));
    }

    private static List<String> sorted(List<List<Object>> rows) {
        return rows.stream().map(Object::toString).sorted().collect(Collectors.toList());
    }
}
