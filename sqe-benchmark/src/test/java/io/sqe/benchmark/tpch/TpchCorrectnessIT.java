package io.sqe.benchmark.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * All 22 TPC-H queries at SF 0.01, loaded once through SQE's INSERT path: their results are checked against DuckDB
 * over the same Parquet files (the rules are {@link ResultComparison}'s), and their plans against {@link JoinPlans}
 * (no Cartesian product; all of lineitem never hashed). Queries SQE gets wrong today are listed in
 * {@link #EXPECTED_FAILURES} with the reason; they must still fail, so fixing the engine flips the list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TpchCorrectnessIT {
    /**
     * The TPC-H queries that do not match DuckDB on SQE today, and why. Remove a query from here when the
     * engine is fixed: the test then fails until it is removed.
     */
    private static final Map<Integer, String> EXPECTED_FAILURES = Map.of();

    private static final ScaleFactor SCALE_FACTOR = ScaleFactor.of("0.01");
    /** Every query finishes in well under two seconds at SF 0.01 when it works at all. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private SqeConnections server;
    private Connection sqe;
    private Connection duckDb;
    private QueryRunner runner;

    @BeforeAll
    void load(@TempDir Path warehouse) throws SQLException {
        server = SqeConnections.startServer(FlightSqlJdbcDriver.load(
                Path.of(System.getProperty(FlightSqlJdbcDriver.JAR_PROPERTY, "target/client-drivers/missing.jar"))),
                warehouse);
        // Batches of 10,000 rows: several commits per table part, two parts committing concurrently.
        new TpchLoader(server::connect, 10_000, 2).load(SCALE_FACTOR);
        sqe = server.connect();
        try (Statement statement = sqe.createStatement()) {
            statement.execute("USE " + SCALE_FACTOR.schemaName());
        }
        duckDb = DuckDbReference.open(warehouse, SCALE_FACTOR);
        runner = new QueryRunner(TIMEOUT);
    }

    @AfterAll
    void stop() throws SQLException {
        if (runner != null) {
            runner.close();
        }
        if (duckDb != null) {
            duckDb.close();
        }
        if (sqe != null) {
            sqe.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void loadedTablesHaveTheSpecificationsRowCountsInBothEngines() throws SQLException {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("region", 5L);
        expected.put("nation", 25L);
        expected.put("supplier", 100L);
        expected.put("customer", 1_500L);
        expected.put("part", 2_000L);
        expected.put("partsupp", 8_000L);
        expected.put("lineitem", 60_175L);
        expected.put("orders", 15_000L);
        assertThat(TpchSchema.rowCounts(sqe, "")).containsExactlyEntriesOf(expected);
        assertThat(TpchSchema.rowCounts(duckDb, "")).containsExactlyEntriesOf(expected);
        assertThat(new TpchLoader(server::connect, 10_000, 1).isLoaded(SCALE_FACTOR)).isTrue();
    }

    @Test
    void theListedFailuresAreRealQueries() {
        assertThat(TpchQueries.all()).containsAll(EXPECTED_FAILURES.keySet());
    }

    /** The expected failures run last, so a query the server still works on after its timeout slows no other. */
    @TestFactory
    Stream<DynamicTest> everyQueryMatchesDuckDb() {
        List<Integer> order = new ArrayList<>();
        for (int query : TpchQueries.all()) {
            if (!EXPECTED_FAILURES.containsKey(query)) {
                order.add(query);
            }
        }
        order.addAll(new java.util.TreeSet<>(EXPECTED_FAILURES.keySet()));
        return order.stream().map(query -> DynamicTest.dynamicTest(name(query), () -> check(query)));
    }

    /** The planner sees real Iceberg statistics here, since the data went through SQE's write path. */
    @TestFactory
    Stream<DynamicTest> noPlanHasACartesianProductOrHashesAllOfLineitem() {
        return TpchQueries.all().stream().map(query -> DynamicTest.dynamicTest("Q" + query,
                () -> JoinPlans.check(query, explain(query), SCALE_FACTOR.schemaName())));
    }

    /** Every query runs columnar, and the scans of Q1, Q3 and Q6 show what was pushed into them. */
    @TestFactory
    Stream<DynamicTest> everyPlanIsColumnarWithItsPushDownsAtTheScan() {
        return TpchQueries.all().stream().map(query -> DynamicTest.dynamicTest("Q" + query, () -> {
            List<String> lines = explain(query);
            String plan = String.join("\n", lines);
            assertThat(lines.get(0)).as("Q%d plan:%n%s", query, plan).isEqualTo("Columnar plan:");
            String lineitem = lines.stream().filter(line -> line.contains("TableScan[table=" + SCALE_FACTOR.schemaName()
                    + ".lineitem")).findFirst().orElse("");
            switch (query) {
                case 1:
                case 6:
                    // pruning by l_shipdate, only the columns used, and the partial aggregation in the scan tasks
                    assertThat(lineitem).as("Q%d plan:%n%s", query, plan).contains("pruningFilters=")
                            .contains("l_shipdate").contains("partialAggregation=").doesNotContain("l_comment");
                    break;
                case 3:
                    assertThat(lineitem).as("Q3 plan:%n%s", plan).contains("pruningFilters=")
                            .contains("columns=[l_orderkey, l_extendedprice, l_discount, l_shipdate]");
                    assertThat(plan).contains("TableScan[table=" + SCALE_FACTOR.schemaName() + ".orders")
                            .contains("TableScan[table=" + SCALE_FACTOR.schemaName() + ".customer");
                    break;
                default:
                    break;
            }
        }));
    }

    private List<String> explain(int query) throws SQLException {
        try (Statement statement = sqe.createStatement();
                ResultSet plan = statement.executeQuery("EXPLAIN " + TpchQueries.sql(query))) {
            assertThat(plan.next()).isTrue();
            return List.of(plan.getString(1).split("\n"));
        }
    }

    private static String name(int query) {
        return EXPECTED_FAILURES.containsKey(query) ? "Q" + query + " (expected to fail: " + EXPECTED_FAILURES.get(query) + ")"
                : "Q" + query;
    }

    private void check(int query) throws SQLException {
        QueryOutcome outcome = new QueryComparison(sqe, duckDb, runner, 0, 1).run(query);
        assertThat(outcome.rows()).as("DuckDB's row count for Q%d", query).isPositive();
        if (EXPECTED_FAILURES.containsKey(query)) {
            assertThat(outcome.problem())
                    .as("Q%d now matches DuckDB: remove it from TpchCorrectnessIT.EXPECTED_FAILURES", query)
                    .isPresent();
        } else {
            assertThat(outcome.problem()).as("Q%d compared with DuckDB", query).isEmpty();
        }
    }
}
