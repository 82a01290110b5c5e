package io.sqe.coordinator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqeQueryEngineTest {
    @TempDir
    Path warehouse;

    @Test
    void decimalsStayExact() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse)) {
            assertThat(harness.run("SELECT 0.06 - 0.01")).containsExactly(List.of("0.05"));
            harness.run("CREATE SCHEMA s");
            harness.run("CREATE TABLE s.d (x decimal(20,4))");
            harness.run("INSERT INTO s.d VALUES (1.5), (2.25)");
            assertThat(harness.run("SELECT avg(x) FROM s.d")).containsExactly(List.of("1.875000"));
        }
    }

    @Test
    void aQueryOverItsMemoryLimitFailsAndTheEngineCarriesOn() throws Exception {
        io.sqe.core.config.QueryConfig limited = io.sqe.core.config.SqeConfig.defaults().query()
                .withMemoryLimitBytes(256 * 1024);
        try (EngineHarness harness = new EngineHarness(warehouse, limited)) {
            harness.run("CREATE SCHEMA s");
            harness.run("CREATE TABLE s.wide AS SELECT a.x * 1000 + b.x * 100 + c.x * 10 + d.x AS n,"
                    + " 'a fairly long text value to fill the batch ' || CAST(a.x AS varchar) AS padding"
                    + " FROM (VALUES 0,1,2,3,4,5,6,7,8,9) AS a(x), (VALUES 0,1,2,3,4,5,6,7,8,9) AS b(x),"
                    + " (VALUES 0,1,2,3,4,5,6,7,8,9) AS c(x), (VALUES 0,1,2,3,4,5,6,7,8,9) AS d(x)");

            assertThatThrownBy(() -> harness.run("SELECT n, padding FROM s.wide ORDER BY n"))
                    .isInstanceOf(io.sqe.core.error.SqeException.class)
                    .hasMessageContaining("exceeded its memory limit ([query] memory_limit)")
                    .extracting(e -> ((io.sqe.core.error.SqeException) e).errorCode())
                    .isEqualTo(io.sqe.core.error.ErrorCode.EXCEEDED_MEMORY_LIMIT);
            // The failed query released everything, and the next one runs.
            assertThat(harness.run("SELECT count(*) FROM s.wide")).containsExactly(List.of("10000"));
        }
    }

    @Test
    void largeValuesListsDoNotOverflowTheStack() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse)) {
            harness.run("CREATE SCHEMA s");
            harness.run("CREATE TABLE s.v (id integer, ts timestamp(6), amount decimal(10,2))");
            StringBuilder sql = new StringBuilder("INSERT INTO s.v VALUES ");
            for (int i = 0; i < 2000; i++) {
                sql.append(i == 0 ? "" : ", ").append("(").append(i).append(", TIMESTAMP '2024-01-01 00:00:00', ")
                        .append(i % 50 == 0 ? "NULL" : i + ".5").append(")");
            }
            assertThat(harness.run(sql.toString())).containsExactly(List.of("2000"));
            assertThat(harness.run("SELECT count(*), sum(amount) FROM s.v")).containsExactly(List.of("2000", "1960980.00"));
            harness.run("CREATE TABLE s.o (id bigint, customer_id integer, amount decimal(12,2), quantity integer,"
                    + " status varchar, ordered_at timestamp(6), discount double)"
                    + " WITH (partitioning = ARRAY['month(ordered_at)', 'bucket(customer_id, 4)'])");
            StringBuilder orders = new StringBuilder("INSERT INTO s.o VALUES ");
            for (int i = 1; i <= 1000; i++) {
                orders.append(i == 1 ? "" : ", ").append("(").append(i).append(", ").append(i % 220).append(", ")
                        .append(i % 50 == 0 ? "NULL" : "316.44").append(", 4, 'cancelled', TIMESTAMP '2024-03-06 00:49:00.760514', ")
                        .append(i % 7 == 0 ? "0.0" : "0.516").append(")");
            }
            assertThat(harness.run(orders.toString())).containsExactly(List.of("1000"));
        }
    }

    @Test
    void everyStatementIsReportedOnceWithItsOutcomeAndCost() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse)) {
            harness.run("CREATE SCHEMA r");
            harness.run("CREATE TABLE r.t (d date, x integer) WITH (partitioning = ARRAY['d'])");
            harness.run("INSERT INTO r.t VALUES (DATE '2024-01-01', 1), (DATE '2024-01-02', 2), (DATE '2024-01-03', 3)");
            harness.completions().clear();

            assertThat(harness.run("SELECT x FROM r.t WHERE d = DATE '2024-01-02'")).containsExactly(List.of("2"));
            io.sqe.core.engine.QueryCompletion query = harness.completions().get(0);
            assertThat(query.succeeded()).isTrue();
            assertThat(query.statementType()).isEqualTo("QUERY");
            assertThat(query.user()).isEqualTo("tester");
            assertThat(query.rowsReturned()).isEqualTo(1);
            assertThat(query.tablesRead()).containsExactly("iceberg.r.t");
            assertThat(query.scan().filesScanned()).as("partition pruning").isEqualTo(1);
            assertThat(query.scan().filesPruned()).isEqualTo(2);
            assertThat(query.scan().rows()).isEqualTo(1);
            assertThat(query.timeToFirstRow()).isPresent();

            harness.run("INSERT INTO r.t SELECT d, x * 10 FROM r.t");
            io.sqe.core.engine.QueryCompletion insert = harness.completions().get(1);
            assertThat(insert.statementType()).isEqualTo("INSERT");
            assertThat(insert.updateCount()).isEqualTo(3);
            assertThat(insert.tablesWritten()).containsExactly("iceberg.r.t");

            assertThatThrownBy(() -> harness.run("SELEC 1")).isInstanceOf(io.sqe.core.error.SqeException.class);
            assertThat(harness.completions().get(2).statementType()).isEqualTo("UNKNOWN");
            assertThat(harness.completions().get(2).error()).contains(io.sqe.core.error.ErrorCode.SYNTAX_ERROR);

            assertThatThrownBy(() -> harness.run("SELECT 1 / (x - x) FROM r.t"))
                    .isInstanceOf(io.sqe.core.error.SqeException.class);
            assertThat(harness.completions().get(3).error()).contains(io.sqe.core.error.ErrorCode.DIVISION_BY_ZERO);
            assertThat(harness.completions()).hasSize(4);
        }
    }

    @Test
    void aQueryIsTracedUnderTheClientsSpanWithItsScanTasksAsChildren() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse)) {
            harness.run("CREATE SCHEMA tr");
            harness.run("CREATE TABLE tr.t (d date, x integer) WITH (partitioning = ARRAY['d'])");
            harness.run("INSERT INTO tr.t VALUES (DATE '2024-01-01', 1), (DATE '2024-01-02', 2)");
            io.opentelemetry.api.trace.Span client = harness.tracer().spanBuilder("client").startSpan();
            try (io.opentelemetry.context.Scope scope = client.makeCurrent()) {
                assertThat(harness.run("SELECT sum(x) FROM tr.t")).containsExactly(List.of("3"));
            } finally {
                client.end();
            }
            String traceId = client.getSpanContext().getTraceId();
            List<io.opentelemetry.sdk.trace.data.SpanData> trace = harness.spans().stream()
                    .filter(span -> span.getTraceId().equals(traceId)).toList();
            io.opentelemetry.sdk.trace.data.SpanData query = trace.stream()
                    .filter(span -> span.getName().equals("sqe.query")).findFirst().orElseThrow();
            assertThat(query.getParentSpanId()).isEqualTo(client.getSpanContext().getSpanId());
            assertThat(trace).filteredOn(span -> span.getName().equals("sqe.plan"))
                    .singleElement().satisfies(span -> assertThat(span.getParentSpanId())
                            .isEqualTo(client.getSpanContext().getSpanId()));
            io.opentelemetry.sdk.trace.data.SpanData plan = trace.stream()
                    .filter(span -> span.getName().equals("sqe.plan")).findFirst().orElseThrow();
            assertThat(trace).filteredOn(span -> span.getName().equals("sqe.parse"))
                    .singleElement().satisfies(span -> assertThat(span.getParentSpanId()).isEqualTo(plan.getSpanId()));
            assertThat(trace).filteredOn(span -> span.getName().equals("sqe.scan.task"))
                    .isNotEmpty()
                    .allSatisfy(span -> assertThat(span.getParentSpanId()).isEqualTo(query.getSpanId()));
            io.sqe.core.engine.QueryCompletion completion =
                    harness.completions().get(harness.completions().size() - 1);
            assertThat(completion.traceId()).contains(traceId);
        }
    }

    @Test
    void timestampsKeepTheirFractionWhenCastToTimestampWithTimeZone() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse)) {
            harness.run("CREATE SCHEMA z");
            harness.run("CREATE TABLE z.t (ts timestamp(6) with time zone)");
            harness.run("INSERT INTO z.t VALUES (TIMESTAMP '2024-01-01 10:00:00.123')");
            harness.run("INSERT INTO z.t VALUES (TIMESTAMP '2024-01-01 10:00:00.456'), (TIMESTAMP '2024-01-01 10:00:01.5')");
            // Arrow's TimeStampMicroTZVector prints microseconds since the epoch.
            assertThat(harness.run("SELECT ts FROM z.t ORDER BY ts")).containsExactly(
                    List.of("1704103200123000"), List.of("1704103200456000"), List.of("1704103201500000"));
            assertThat(harness.run("SELECT CAST(ts AS timestamp(6)) FROM z.t ORDER BY ts")).containsExactly(
                    List.of("2024-01-01T10:00:00.123"), List.of("2024-01-01T10:00:00.456"),
                    List.of("2024-01-01T10:00:01.500"));
            assertThat(harness.run("SELECT CAST(TIMESTAMP '2024-01-01 10:00:00.250' AS timestamp(6) with time zone)"))
                    .containsExactly(List.of("1704103200250000"));
        }
    }

    @Test
    void unnamedColumnsAreNamedLikeTrino() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse)) {
            assertThat(harness.engine().prepare(harness.session(), "SELECT 1, 2 AS two, 3").resultSchema().getFields())
                    .extracting(org.apache.arrow.vector.types.pojo.Field::getName)
                    .containsExactly("_col0", "two", "_col2");
        }
    }

    @Test
    void documentedFunctionsWork() throws Exception {
        String[][] cases = {
            {"length('abc')", "3"}, {"ltrim('  x')", "x"}, {"rtrim('x  ')", "x"}, {"strpos('abc', 'c')", "3"},
            {"strpos('abc', 'z')", "0"}, {"starts_with('abc', 'ab')", "true"}, {"length(CAST(NULL AS varchar))", null},
            {"upper('ab')", "AB"}, {"lower('AB')", "ab"}, {"char_length('abc')", "3"},
            {"substring('abcdef' FROM 2 FOR 3)", "bcd"}, {"trim('  x  ')", "x"}, {"replace('banana', 'a', 'o')", "bonono"}, {"position('c' IN 'abc')", "3"},
            {"'a' || 'b'", "ab"}, {"concat('a', 'b', 'c')", "abc"}, {"lpad('7', 3, '0')", "007"},
            {"rpad('7', 3, '0')", "700"}, {"split_part('a,b,c', ',', 2)", "b"}, {"left('abcd', 2)", "ab"},
            {"right('abcd', 2)", "cd"},
            {"abs(-2)", "2"}, {"round(2.345, 2)", "2.350"}, {"floor(2.7)", "2"}, {"ceil(2.1)", "3"},
            {"mod(7, 3)", "1"}, {"power(2, 10)", "1024.0"}, {"sqrt(16)", "4.0"}, {"exp(0)", "1.0"},
            {"ln(1)", "0.0"}, {"log10(100)", "2.0"}, {"sign(-3)", "-1"}, {"truncate(2.789, 1)", "2.700"},
            {"EXTRACT(YEAR FROM DATE '2024-03-15')", "2024"}, {"year(DATE '2024-03-15')", "2024"},
            {"month(DATE '2024-03-15')", "3"}, {"dayofmonth(DATE '2024-03-15')", "15"},
            {"hour(TIMESTAMP '2024-03-15 10:20:30')", "10"}, {"minute(TIMESTAMP '2024-03-15 10:20:30')", "20"},
            {"second(TIMESTAMP '2024-03-15 10:20:30')", "30"},
            {"FLOOR(TIMESTAMP '2024-03-15 10:20:30' TO MONTH)", "2024-03-01T00:00"},
            {"reverse('abc')", "cba"},
            {"DATE '2024-03-15' + INTERVAL '1' DAY", "19798"},
            {"coalesce(NULL, 2)", "2"}, {"nullif(1, 1)", null}, {"current_user", "tester"},
            {"CAST('12' AS integer) + 1", "13"}, {"7 AS seven WHERE 1 = 1", "7"},
            {"CASE WHEN 1 > 0 THEN 'y' ELSE 'n' END", "y"},
        };
        try (EngineHarness harness = new EngineHarness(warehouse)) {
            for (String[] c : cases) {
                java.util.List<Object> expected = new java.util.ArrayList<>();
                expected.add(c[1]);
                assertThat(harness.run("SELECT " + c[0])).as(c[0]).containsExactly(expected);
            }
            assertThat(harness.run("SELECT current_date")).hasSize(1);
            assertThat(harness.run("SELECT current_timestamp")).hasSize(1);
        }
    }

    @Test
    void systemJdbcTablesAnswerTheTrinoJdbcDriversQueries() throws Exception {
        try (EngineHarness harness = new EngineHarness(warehouse)) {
            harness.run("CREATE SCHEMA m");
            harness.run("CREATE TABLE m.t (id bigint NOT NULL, name varchar)");
            assertThat(harness.run("SHOW CATALOGS")).containsExactly(List.of("iceberg"), List.of("system"));
            // The statements trino-jdbc 476 sends, verbatim: unquoted upper-case names, SYSTEM unreserved.
            assertThat(harness.run("SELECT TABLE_CAT\nFROM system.jdbc.catalogs\nORDER BY TABLE_CAT"))
                    .containsExactly(List.of("iceberg"), List.of("system"));
            assertThat(harness.run("SELECT TABLE_SCHEM, TABLE_CATALOG\nFROM system.jdbc.schemas\n"
                    + "WHERE TABLE_CATALOG = 'iceberg' AND TABLE_SCHEM LIKE 'm' ESCAPE '\\'\n"
                    + "ORDER BY TABLE_CATALOG, TABLE_SCHEM"))
                    .containsExactly(List.of("m", "iceberg"));
            assertThat(harness.run("SELECT TABLE_CAT, TABLE_SCHEM, TABLE_NAME, TABLE_TYPE, REMARKS,\n"
                    + "  TYPE_CAT, TYPE_SCHEM, TYPE_NAME,   SELF_REFERENCING_COL_NAME, REF_GENERATION\n"
                    + "FROM system.jdbc.tables\nWHERE TABLE_CAT = 'iceberg' AND TABLE_SCHEM LIKE 'm' ESCAPE '\\' "
                    + "AND TABLE_NAME LIKE '%' ESCAPE '\\' AND TABLE_TYPE IN ('TABLE', 'VIEW')\n"
                    + "ORDER BY TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME"))
                    .containsExactly(Arrays.asList("iceberg", "m", "t", "TABLE", null, null, null, null, null,
                            null));
            assertThat(harness.run("SELECT TABLE_CAT, TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, DATA_TYPE,\n"
                    + "  TYPE_NAME, COLUMN_SIZE, BUFFER_LENGTH, DECIMAL_DIGITS, NUM_PREC_RADIX,\n"
                    + "  NULLABLE, REMARKS, COLUMN_DEF, SQL_DATA_TYPE, SQL_DATETIME_SUB,\n"
                    + "  CHAR_OCTET_LENGTH, ORDINAL_POSITION, IS_NULLABLE,\n"
                    + "  SCOPE_CATALOG, SCOPE_SCHEMA, SCOPE_TABLE,\n"
                    + "  SOURCE_DATA_TYPE, IS_AUTOINCREMENT, IS_GENERATEDCOLUMN\n"
                    + "FROM system.jdbc.columns\nWHERE TABLE_SCHEM LIKE 'm' ESCAPE '\\'\n"
                    + "ORDER BY TABLE_CAT, TABLE_SCHEM, TABLE_NAME, ORDINAL_POSITION"))
                    .containsExactly(
                            Arrays.asList("iceberg", "m", "t", "id", "-5", "bigint", "19", "0", null, "10", "0", null,
                                    null, null, null, null, "1", "NO", null, null, null, null, null,
                                    null),
                            Arrays.asList("iceberg", "m", "t", "name", "12", "varchar", "2147483647", "0", null, null,
                                    "1", null, null, null, null, "2147483647", "2", "YES", null, null,
                                    null, null, null, null));
            assertThat(harness.run("SELECT TABLE_TYPE\nFROM system.jdbc.table_types\nORDER BY TABLE_TYPE"))
                    .containsExactly(List.of("TABLE"), List.of("VIEW"));
            List<List<Object>> types = harness.run(
                    "SELECT TYPE_NAME, DATA_TYPE, PRECISION, LITERAL_PREFIX, LITERAL_SUFFIX,\n"
                    + "CREATE_PARAMS, NULLABLE, CASE_SENSITIVE, SEARCHABLE, UNSIGNED_ATTRIBUTE,\n"
                    + "FIXED_PREC_SCALE, AUTO_INCREMENT, LOCAL_TYPE_NAME, MINIMUM_SCALE, MAXIMUM_SCALE,\n"
                    + "SQL_DATA_TYPE, SQL_DATETIME_SUB, NUM_PREC_RADIX\n"
                    + "FROM system.jdbc.types\nORDER BY DATA_TYPE");
            assertThat(types).hasSize(12);
            assertThat(types.get(0)).startsWith("bigint", "-5", "19");
            assertThat(types.get(11)).startsWith("timestamp with time zone", "2014");
        }
    }
}
