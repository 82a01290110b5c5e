package io.sqe.coordinator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.config.QueryConfig;
import io.sqe.core.config.SqeConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columnar engine against Calcite's row operators as the oracle: every query runs on both, the columnar one with
 * batches of 1, 3 and 8192 rows, so each operator sees nulls, empty inputs and batches that split its groups, join
 * matches and sort runs. Every query here must run columnar (its EXPLAIN says so).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ColumnarExecutionTest {
    private static final List<String> SETUP = List.of(
            "CREATE SCHEMA s",
            // 2,000 rows over four files, with nulls in every column but id
            "CREATE TABLE s.t AS SELECT a.x * 100 + b.x * 10 + c.x AS id,"
                    + " CASE WHEN c.x = 7 THEN NULL ELSE CAST(b.x AS integer) END AS k,"
                    + " CASE WHEN a.x = 3 THEN NULL ELSE 'name-' || CAST(c.x AS varchar) END AS s,"
                    + " CASE WHEN b.x = 4 THEN NULL ELSE CAST(a.x * 1.25 + c.x AS decimal(12,2)) END AS d,"
                    + " CASE WHEN c.x = 2 THEN NULL ELSE CAST(b.x AS double) / 4 END AS f,"
                    + " CASE WHEN a.x = 5 THEN NULL ELSE DATE '2024-01-01' + b.x * INTERVAL '1' DAY END AS dt,"
                    + " CASE WHEN b.x = 9 THEN NULL ELSE c.x < 5 END AS flag"
                    + " FROM (VALUES 0,1,2,3,4,5,6,7,8,9) AS a(x), (VALUES 0,1,2,3,4,5,6,7,8,9) AS b(x),"
                    + " (VALUES 0,1,2,3,4,5,6,7,8,9) AS c(x)",
            "INSERT INTO s.t SELECT id + 1000, k, s, d, f, dt, flag FROM s.t WHERE id < 500",
            "INSERT INTO s.t SELECT id + 2000, k, s, d, f, dt, flag FROM s.t WHERE id < 300",
            "INSERT INTO s.t SELECT id + 3000, k, s, d, f, dt, flag FROM s.t WHERE id < 200",
            "CREATE TABLE s.u (k integer, name varchar, w decimal(10,3), ts timestamp(6))",
            "INSERT INTO s.u VALUES (1, 'one', 1.5, TIMESTAMP '2024-01-01 10:00:00.125'),"
                    + " (1, 'uno', 2.25, TIMESTAMP '2024-01-01 12:30:00'), (2, 'two', NULL, NULL),"
                    + " (NULL, 'none', 9, TIMESTAMP '1969-12-31 23:59:59.5'), (5, NULL, 0.001, TIMESTAMP '2024-01-01 12:30:00'),"
                    + " (11, 'eleven', 11, TIMESTAMP '2030-06-01 00:00:00'), (3, 'three', -3.125, NULL)",
            "CREATE TABLE s.e (k integer, v varchar)");

    private static final List<String> QUERIES = List.of(
            // scan, filter, project
            "SELECT id, k, s, d, f, dt, flag FROM s.t",
            "SELECT id FROM s.t WHERE k = 3 AND d > 5 AND s LIKE 'name-%'",
            "SELECT id, d * 2 - 1, d / 3, f * 2 + k, -d, k * 10, id % 7 FROM s.t WHERE flag OR k IS NULL",
            "SELECT id, CASE WHEN k = 0 THEN NULL WHEN k < 5 THEN d / k ELSE d END, CASE WHEN flag THEN 'y' ELSE 'no' END"
                    + " FROM s.t",
            "SELECT id FROM s.t WHERE k IN (1, 3, 8) AND s NOT LIKE '%-5' AND d BETWEEN 2 AND 9",
            // string IN lists, short and hashed, negated, over a computed string; nulls stay unknown
            "SELECT id, s IN ('name-1', 'name-3', 'nope'), s NOT IN ('name-2', 'name-9') FROM s.t",
            "SELECT id FROM s.t WHERE substring(s FROM 6 FOR 1) IN ('0', '2', '4', '6', '8', 'a', 'b', 'c', 'd',"
                    + " 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n') OR s NOT IN ('name-1', 'name-3', 'name-5',"
                    + " 'name-7', 'name-9', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'zz', 'zzz')",
            "SELECT id, substring(s FROM 3 FOR 4), substring(s FROM 6), EXTRACT(YEAR FROM dt), EXTRACT(DAY FROM dt)"
                    + " FROM s.t WHERE s LIKE 'n_me-_'",
            "SELECT id FROM s.t WHERE dt >= DATE '2024-01-05' AND f IS NOT NULL AND flag IS NOT TRUE",
            "SELECT id, dt + INTERVAL '3' DAY, dt - INTERVAL '1' MONTH, dt + INTERVAL '2' YEAR FROM s.t"
                    + " WHERE dt < DATE '2024-01-31' - INTERVAL '20' DAY",
            "SELECT id, CAST(k AS bigint) + 1, CAST(k AS decimal(10,2)) * d, CAST(d AS double) FROM s.t WHERE id < 50",
            // aggregation
            "SELECT k, count(*), count(s), sum(d), min(d), max(d), sum(f), min(s), max(dt), avg(d) FROM s.t GROUP BY k",
            "SELECT s, flag, count(*), sum(k) FROM s.t GROUP BY s, flag",
            "SELECT count(*), sum(d), min(s), max(f), count(dt) FROM s.t",
            "SELECT count(*), sum(d), min(s) FROM s.t WHERE id < 0",
            "SELECT k, count(*) FROM s.e GROUP BY k",
            "SELECT count(*), max(v) FROM s.e",
            "SELECT k, sum(d) FROM s.t GROUP BY k HAVING sum(d) > 100",
            "SELECT count(DISTINCT k), count(DISTINCT s) FROM s.t",
            // joins
            "SELECT t.id, u.name, u.w FROM s.t JOIN s.u ON t.k = u.k",
            "SELECT t.id, u.name FROM s.t LEFT JOIN s.u ON t.k = u.k",
            "SELECT t.id, u.name FROM s.t RIGHT JOIN s.u ON t.k = u.k AND t.id < 100",
            "SELECT t.id, u.name FROM s.t FULL JOIN s.u ON t.k = u.k AND t.id < 100",
            "SELECT t.id, u.name FROM s.t JOIN s.u ON t.k = u.k AND t.d > u.w",
            "SELECT id FROM s.t WHERE EXISTS (SELECT 1 FROM s.u WHERE u.k = t.k)",
            "SELECT id FROM s.t WHERE NOT EXISTS (SELECT 1 FROM s.u WHERE u.k = t.k)",
            "SELECT id FROM s.t WHERE EXISTS (SELECT 1 FROM s.u WHERE u.k = t.k AND u.w > t.f)",
            "SELECT id FROM s.t WHERE NOT EXISTS (SELECT 1 FROM s.u WHERE u.k = t.k AND u.w < t.d)",
            // the smaller left side is the build side: its rows are marked by the probe rows that match them
            "SELECT k, name FROM s.u WHERE EXISTS (SELECT 1 FROM s.t WHERE t.k = u.k)",
            "SELECT k, name FROM s.u WHERE NOT EXISTS (SELECT 1 FROM s.t WHERE t.k = u.k AND t.id < 2000)",
            "SELECT k, name FROM s.u WHERE EXISTS (SELECT 1 FROM s.t WHERE t.k = u.k AND t.d > u.w * 4)",
            "SELECT k, name FROM s.u WHERE NOT EXISTS (SELECT 1 FROM s.t WHERE t.k = u.k AND t.d > u.w * 4)",
            "SELECT k FROM s.e WHERE NOT EXISTS (SELECT 1 FROM s.t WHERE t.k = e.k)",
            "SELECT t.id, e.v FROM s.t LEFT JOIN s.e ON t.k = e.k",
            "SELECT t.id FROM s.t JOIN s.e ON t.k = e.k",
            "SELECT e.v, u.name FROM s.e RIGHT JOIN s.u ON e.k = u.k",
            "SELECT a.id, b.id FROM s.t a JOIN s.t b ON a.s = b.s AND a.dt = b.dt WHERE a.id < 40 AND b.id > 3000",
            // two keys that fit in ints pack into one long; keys beyond the int range do not, and join by hash
            "SELECT a.id, b.id FROM s.t a JOIN s.t b ON a.k = b.k AND a.flag = b.flag WHERE a.id < 300 AND b.id > 2900",
            "SELECT a.id, b.id FROM s.t a LEFT JOIN s.t b ON a.d = b.d AND b.k = a.k"
                    + " WHERE a.id < 200 AND (b.id IS NULL OR b.id > 3100)",
            "SELECT a.id, b.id FROM s.t a JOIN s.t b ON a.k = b.k AND a.flag = b.flag"
                    + " AND CAST(a.id AS bigint) * 10000000000 = CAST(b.id AS bigint) * 10000000000 - 10000000000000",
            // join filters: the build keys filter the probe scan through joins, calcs and group keys, not a limit
            "SELECT t.id, u.name FROM s.t JOIN s.u ON t.id = u.k",
            "SELECT x.id, x.name, v.k FROM (SELECT t.id, u.k, u.name FROM s.t LEFT JOIN s.u ON t.k = u.k) x"
                    + " JOIN (SELECT k FROM s.u WHERE k < 3) v ON x.k = v.k",
            "SELECT x.id, v.k FROM (SELECT t.id, t.k FROM s.t FULL JOIN s.u ON t.k = u.k AND t.id < 100) x"
                    + " JOIN (SELECT k FROM s.u WHERE k > 1) v ON x.k = v.k",
            "SELECT g.k, g.c, u.name FROM (SELECT k, count(*) AS c FROM s.t GROUP BY k) g JOIN s.u ON g.k = u.k",
            "SELECT g.k, g.c, u.name FROM (SELECT k + 1 AS k, count(*) AS c FROM s.t GROUP BY k + 1) g"
                    + " JOIN s.u ON g.k = u.k",
            "SELECT x.id, u.name FROM (SELECT id, k FROM s.t ORDER BY id LIMIT 50) x JOIN s.u ON x.k = u.k",
            "SELECT x.id, u.name FROM (SELECT id, k FROM s.t WHERE id < 3000) x JOIN s.u ON x.id = u.k + 999",
            "SELECT u.name, x.c FROM s.u CROSS JOIN (SELECT count(*) AS c FROM s.t) x",
            // joins output only the columns read above them: none, one side's, or the null-extended side's
            "SELECT 1 FROM s.t JOIN s.u ON t.k = u.k",
            "SELECT count(*) FROM (SELECT 1 AS one FROM s.t JOIN s.u ON t.k = u.k WHERE t.id > 10) x",
            "SELECT u.name FROM s.t JOIN s.u ON t.k = u.k AND t.s < u.name JOIN s.e ON e.k = t.k",
            "SELECT u.name, u.w FROM s.t LEFT JOIN s.u ON t.k = u.k AND t.s > u.name",
            "SELECT t.s FROM s.t FULL JOIN s.u ON t.k = u.k AND t.id < 100 WHERE u.name IS NULL OR t.id < 5",
            "SELECT e.v FROM s.e WHERE EXISTS (SELECT 1 FROM s.t WHERE t.k = e.k AND t.s <> 'x')",
            "SELECT id FROM s.t WHERE d > (SELECT avg(w) FROM s.u)",
            "SELECT id FROM s.t WHERE k IN (SELECT k FROM s.u WHERE w > 1)",
            "SELECT id FROM s.t WHERE k NOT IN (SELECT k FROM s.u WHERE k IS NOT NULL)",
            "SELECT id, k IN (SELECT k FROM s.u) FROM s.t",
            // sort, top-N, limit
            "SELECT id, k, d FROM s.t ORDER BY k NULLS FIRST, d DESC NULLS LAST, id",
            "SELECT id, s, f FROM s.t ORDER BY s DESC, f, id LIMIT 25",
            "SELECT id, dt FROM s.t ORDER BY dt DESC NULLS FIRST, id LIMIT 10 OFFSET 95",
            "SELECT k, sum(d) AS total FROM s.t GROUP BY k ORDER BY total DESC NULLS LAST, k LIMIT 3",
            "SELECT id FROM s.t ORDER BY id LIMIT 0",
            // windows
            "SELECT id, k, row_number() OVER (PARTITION BY k ORDER BY d DESC NULLS LAST, id),"
                    + " rank() OVER (PARTITION BY s ORDER BY k), dense_rank() OVER (ORDER BY f NULLS FIRST) FROM s.t",
            "SELECT id, sum(d) OVER (PARTITION BY k), count(*) OVER (PARTITION BY s, flag), max(s) OVER (),"
                    + " min(dt) OVER (PARTITION BY k) FROM s.t",
            // running frames: RANGE (the default with ORDER BY) runs to the current row's last peer, ROWS to the row
            "SELECT id, k, sum(d) OVER (PARTITION BY k ORDER BY dt), count(*) OVER (PARTITION BY k ORDER BY dt),"
                    + " min(f) OVER (ORDER BY k, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),"
                    + " max(dt) OVER (PARTITION BY s ORDER BY id ROWS UNBOUNDED PRECEDING) FROM s.t",
            "SELECT id, sum(k) OVER (ORDER BY s), count(s) OVER (PARTITION BY flag ORDER BY d DESC NULLS FIRST),"
                    + " sum(f) OVER (PARTITION BY k ORDER BY id), max(d) OVER (PARTITION BY dt ORDER BY k) FROM s.t",
            "SELECT k, max(ts) OVER (ORDER BY k NULLS FIRST), sum(w) OVER (ORDER BY name ROWS UNBOUNDED PRECEDING),"
                    + " min(w) OVER (ORDER BY ts) FROM s.u",
            "SELECT k, count(*) OVER (ORDER BY k), sum(k) OVER (PARTITION BY v ORDER BY k) FROM s.e",
            // running decimal sums that leave the long range: values that fit it, and values that do not
            "SELECT id, sum(CAST(d AS decimal(30,2)) * 100000000000000) OVER (PARTITION BY k ORDER BY id),"
                    + " sum(CAST(d AS decimal(30,2)) * 100000000000000000000) OVER (ORDER BY id) FROM s.t",
            // timestamps
            "SELECT k, ts FROM s.u WHERE ts > TIMESTAMP '2024-01-01 11:00:00' OR ts IS NULL ORDER BY ts NULLS FIRST, k",
            "SELECT ts, count(*), min(k) FROM s.u GROUP BY ts",
            "SELECT max(ts), min(ts) FROM s.u",
            // a string column against a string literal, on either side, with nulls; 'name-' is a prefix of every s
            "SELECT id, s = 'name-3', 'name-4' <> s, s < CAST('name-4' AS varchar), CAST('name-2' AS varchar) <= s,"
                    + " s > CAST('name-' AS varchar), s >= CAST('name-9' AS varchar), CAST('name-5' AS varchar) > s,"
                    + " s = 'name-33', s <> 'name-' FROM s.t",
            "SELECT k FROM s.u WHERE name = 'one' OR 'two' = name OR name > CAST('u' AS varchar)",
            // union, values
            "SELECT k FROM s.t WHERE id < 20 UNION ALL SELECT k FROM s.u",
            "SELECT k, name FROM s.u UNION SELECT k, s FROM s.t",
            "SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, NULL)) AS v(n, m) WHERE n > 1");

    @TempDir
    static Path warehouses;

    private EngineHarness rows;
    private final List<EngineHarness> columnar = new ArrayList<>();

    @BeforeAll
    void loadTheSameDataIntoEveryEngine() throws Exception {
        QueryConfig defaults = SqeConfig.defaults().query();
        rows = harness("row", defaults.withExecution(false, QueryConfig.DEFAULT_BATCH_ROWS));
        for (int batchRows : new int[] {1, 3, QueryConfig.DEFAULT_BATCH_ROWS}) {
            columnar.add(harness("columnar-" + batchRows, defaults.withExecution(true, batchRows)));
        }
    }

    private EngineHarness harness(String name, QueryConfig config) throws Exception {
        EngineHarness harness = new EngineHarness(java.nio.file.Files.createDirectories(warehouses.resolve(name)),
                config);
        for (String statement : SETUP) {
            harness.run(statement);
        }
        return harness;
    }

    @AfterAll
    void close() {
        rows.close();
        columnar.forEach(EngineHarness::close);
    }

    @Test
    void everyQueryRunsColumnar() {
        for (String query : QUERIES) {
            assertThat(columnar.get(2).run("EXPLAIN " + query).get(0).get(0).toString())
                    .as("plan of %s", query).startsWith("Columnar plan:");
            assertThat(rows.run("EXPLAIN " + query).get(0).get(0).toString())
                    .as("plan of %s", query).startsWith("Optimized plan (Calcite row operators: [query] execution is \"row\")");
        }
    }

    @Test
    void columnarResultsEqualTheRowEngines() {
        for (String query : QUERIES) {
            List<List<Object>> expected = rows.run(query);
            // an ORDER BY inside OVER (...) does not order the result
            boolean ordered = query.replaceAll("OVER \\([^)]*\\)", "").contains("ORDER BY");
            for (EngineHarness engine : columnar) {
                List<List<Object>> actual = engine.run(query);
                if (ordered) {
                    assertThat(actual).as(query).containsExactlyElementsOf(expected);
                } else {
                    assertThat(sorted(actual)).as(query).containsExactlyElementsOf(sorted(expected));
                }
            }
        }
    }

    private static List<String> sorted(List<List<Object>> table) {
        List<String> lines = new ArrayList<>();
        table.forEach(row -> lines.add(row.toString()));
        lines.sort(Comparator.naturalOrder());
        return lines;
    }

    @Test
    void errorsKeepTheirCodes() {
        for (EngineHarness engine : columnar) {
            assertThatThrownBy(() -> engine.run("SELECT id / (k - k) FROM s.t WHERE k IS NOT NULL"))
                    .isInstanceOf(SqeException.class).hasMessageContaining("Division by zero")
                    .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.DIVISION_BY_ZERO);
            assertThatThrownBy(() -> engine.run("SELECT CAST(id * 1000000 AS integer) * 100000 FROM s.t"))
                    .isInstanceOf(SqeException.class)
                    .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE);
            assertThatThrownBy(() -> engine.run("SELECT (SELECT k FROM s.u) FROM s.t"))
                    .isInstanceOf(SqeException.class)
                    .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.SUBQUERY_MULTIPLE_ROWS);
        }
    }

    @Test
    void aCancelledQueryStopsPromptlyAndReleasesItsMemory() throws Exception {
        EngineHarness engine = columnar.get(2);
        // 8 billion pairs: without cancel this runs for minutes
        String sql = "SELECT count(*) FROM s.t a, s.t b, s.t c WHERE a.id + b.id + c.id >= 0";
        try (io.sqe.core.engine.ResultStream stream = engine.engine().prepare(engine.session(), sql)
                .execute(List.of())) {
            java.util.concurrent.CompletableFuture<Throwable> failure = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            stream.next();
                            return null;
                        } catch (RuntimeException e) {
                            return e;
                        }
                    });
            Thread.sleep(300);
            long cancelledAt = System.nanoTime();
            stream.cancel();
            Throwable thrown = failure.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat((System.nanoTime() - cancelledAt) / 1_000_000).as("ms from cancel to stop").isLessThan(2_000);
            assertThat(thrown).isInstanceOf(SqeException.class).hasMessageContaining("was cancelled");
            assertThat(((SqeException) thrown).errorCode()).isEqualTo(ErrorCode.USER_CANCELED);
        }
        assertThat(engine.allocator().getAllocatedMemory()).isZero();
        assertThat(engine.run("SELECT count(*) FROM s.u")).containsExactly(List.of("7"));
    }

    @Test
    void aQueryWhoseOperatorStateIsOverTheMemoryLimitFails() throws Exception {
        QueryConfig limited = SqeConfig.defaults().query().withMemoryLimitBytes(4 << 20);
        try (EngineHarness small = harness("limited", limited)) {
            // a hash aggregation of 2 million groups cannot fit in 4 MiB
            assertThatThrownBy(() -> small.run("SELECT count(*) FROM (SELECT a.id * 10000 + b.id AS x"
                    + " FROM s.t a, s.t b WHERE b.id < 1000 GROUP BY a.id * 10000 + b.id)"))
                    .isInstanceOf(SqeException.class).hasMessageContaining("exceeded its memory limit")
                    .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.EXCEEDED_MEMORY_LIMIT);
            assertThat(small.allocator().getAllocatedMemory()).isZero();
            assertThat(small.run("SELECT count(*) FROM s.t")).containsExactly(List.of("2000"));
        }
    }

    @Test
    void theBuildKeysFilterTheProbeScan() {
        String query = "SELECT t.id, u.name FROM s.t JOIN s.u ON t.id = u.k";
        assertThat(columnar.get(2).run("EXPLAIN " + query).get(0).get(0).toString())
                .contains("joinFilters=[s.t.id]");
        // the six non-null keys of s.u (1 twice) keep five of the 2,000 rows of s.t
        String plan = columnar.get(2).run("EXPLAIN ANALYZE " + query).get(0).get(0).toString();
        assertThat(plan).containsPattern("TableScan\\[table=s\\.t, [^\\n]*rows=5[^0-9]");
        assertThat(columnar.get(2).run(query)).hasSize(6);
    }

    @Test
    void aJoinOutputsOnlyTheColumnsReadAboveIt() {
        // t.k and u.k are read by the join alone, t.s only by its condition: the join outputs u.name, then t.id
        String query = "SELECT u.name, t.id FROM s.t JOIN s.u ON t.k = u.k AND t.s <> u.name WHERE t.id BETWEEN 10 AND 29";
        String plan = columnar.get(2).run("EXPLAIN " + query).get(0).get(0).toString();
        assertThat(plan).containsPattern("HashJoin\\[INNER, keys=\\[\\$1 = \\$3\\], condition=<>\\(\\$2, \\$4\\),"
                + " outputs=\\[\\$0, \\$4\\]");
        // ids 10-29 but 17 and 27 (null k): nine of key 1, which u has twice, and nine of key 2
        assertThat(columnar.get(2).run(query)).hasSize(27);
    }

    @Test
    void explainAnalyzeShowsRowsAndTimePerOperator() {
        String plan = columnar.get(2).run("EXPLAIN ANALYZE SELECT k, count(*) FROM s.t WHERE id < 1000 GROUP BY k")
                .get(0).get(0).toString();
        assertThat(plan).startsWith("Columnar plan, as run").contains("rows=").contains("time=")
                .contains("TableScan[table=s.t").containsPattern("Query \\S+: 11 rows in [0-9.]+ ms");
        String rowPlan = rows.run("EXPLAIN ANALYZE SELECT count(*) FROM s.t").get(0).get(0).toString();
        assertThat(rowPlan).contains("no per-operator figures").containsPattern(": 1 rows in");
    }
}
