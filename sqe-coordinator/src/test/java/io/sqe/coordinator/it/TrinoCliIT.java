package io.sqe.coordinator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stock trino-cli 476 against SQE's Trino protocol endpoint; statements are batched per child JVM. */
class TrinoCliIT {
    @TempDir
    static Path warehouse;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(warehouse);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void ddlWritesShowAndEveryType() throws Exception {
        TrinoCli.Result result = TrinoCli.run(server.trinoPort(), "alice", "CSV_HEADER", String.join("; ",
                "CREATE SCHEMA cli",
                "USE cli",
                "CREATE TABLE all_types (b boolean, i integer, l bigint, r real, d double, dec decimal(10,2), "
                        + "s varchar, vb varbinary, dt date, tm time(6), ts timestamp(6), "
                        + "tz timestamp(6) with time zone)",
                "INSERT INTO all_types VALUES (true, 1, 2, CAST(1.5 AS real), 2.5, 12.34, 'héllo, \"you\"', "
                        + "X'0aff', DATE '2024-01-05', TIME '10:00:00.123', TIMESTAMP '2024-01-05 10:00:00.123', "
                        + "NULL), (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
                "CREATE TABLE copy AS SELECT i, s FROM all_types",
                "SHOW SCHEMAS LIKE 'cli'",
                "SHOW TABLES",
                "DESCRIBE \"all_types\"",
                "SELECT * FROM all_types ORDER BY i NULLS LAST",
                "SELECT 1 + 1, CAST('NaN' AS double) AS n, 1e0 / 0e0 AS inf, DECIMAL '-0.50' AS dec",
                "SELECT * FROM copy WHERE i > 100"));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        // The CLI prints update results on stderr and result sets on stdout.
        assertThat(result.stderr()).contains("CREATE SCHEMA\nUSE\nCREATE TABLE\nINSERT: 2 rows\nCREATE TABLE: 2 rows\n");
        assertThat(result.stdout()).isEqualTo(String.join("\n",
                "\"Schema\"",
                "\"cli\"",
                "\"Table\"",
                "\"all_types\"",
                "\"copy\"",
                "\"Column\",\"Type\",\"Extra\",\"Comment\"",
                "\"b\",\"boolean\",\"\",\"\"",
                "\"i\",\"integer\",\"\",\"\"",
                "\"l\",\"bigint\",\"\",\"\"",
                "\"r\",\"real\",\"\",\"\"",
                "\"d\",\"double\",\"\",\"\"",
                "\"dec\",\"decimal(10,2)\",\"\",\"\"",
                "\"s\",\"varchar\",\"\",\"\"",
                "\"vb\",\"varbinary\",\"\",\"\"",
                "\"dt\",\"date\",\"\",\"\"",
                "\"tm\",\"time(6)\",\"\",\"\"",
                "\"ts\",\"timestamp(6)\",\"\",\"\"",
                "\"tz\",\"timestamp(6) with time zone\",\"\",\"\"",
                "\"b\",\"i\",\"l\",\"r\",\"d\",\"dec\",\"s\",\"vb\",\"dt\",\"tm\",\"ts\",\"tz\"",
                "\"true\",\"1\",\"2\",\"1.5\",\"2.5\",\"12.34\",\"héllo, \"\"you\"\"\",\"0a ff\",\"2024-01-05\","
                        + "\"10:00:00.123000\",\"2024-01-05 10:00:00.123000\",\"\"",
                "\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\"",
                "\"_col0\",\"n\",\"inf\",\"dec\"",
                "\"2\",\"NaN\",\"Infinity\",\"-0.50\"",
                "\"i\",\"s\"",
                ""));
    }

    @Test
    void jsonOutputAndCatalogSchemaOptions() throws Exception {
        TrinoCli.Result setup = TrinoCli.run(server.trinoPort(), "bob", "CSV",
                "CREATE SCHEMA json_out; CREATE TABLE json_out.t (id bigint, name varchar, at timestamp(6)); "
                        + "INSERT INTO json_out.t VALUES (1, 'a', TIMESTAMP '2024-02-10 11:30:00'), (2, NULL, NULL)");
        assertThat(setup.exitCode()).as(setup.stderr()).isZero();
        TrinoCli.Result result = TrinoCli.run(server.trinoPort(), "bob", "JSON",
                "SELECT id, name, at, current_user AS who FROM t ORDER BY id", "--catalog", "iceberg",
                "--schema", "json_out");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo(
                "{\"id\":1,\"name\":\"a\",\"at\":\"2024-02-10 11:30:00.000000\",\"who\":\"bob\"}\n"
                        + "{\"id\":2,\"name\":null,\"at\":null,\"who\":\"bob\"}\n");
    }

    @Test
    void errorsReportTheMessageAndLocation() throws Exception {
        TrinoCli.Result result = TrinoCli.run(server.trinoPort(), "alice", "CSV",
                "SELECT 1; SELECT nope FROM (VALUES 1) AS t(x); SELECT 2");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEqualTo("\"1\"\n");
        assertThat(result.stderr())
                .containsPattern("Query \\S+ failed: line 1:8: Column 'nope' not found in any table")
                .contains("LINE 1: SELECT nope FROM (VALUES 1) AS t(x)\n               ^");
    }

    @Test
    void ctrlCCancelsALongQueryOnTheServer() throws Exception {
        StringBuilder sql = new StringBuilder("SELECT a.x FROM ");
        String separator = "";
        for (String alias : new String[] {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}) {
            sql.append(separator).append("(VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9) AS ").append(alias).append("(x)");
            separator = " CROSS JOIN ";
        }
        Path output = Files.createTempFile(warehouse, "cancel", ".out");
        Process cli = TrinoCli.start(server.trinoPort(), "alice", sql.toString(), output);
        try {
            awaitActiveQueries(1);
            Process interrupt = new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start();
            assertThat(interrupt.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cli.waitFor(30, TimeUnit.SECONDS)).as("trino-cli exits after Ctrl-C").isTrue();
            assertThat(cli.exitValue()).isNotZero();
            // The DELETE reached the server: the query stops there too, long before its idle timeout.
            awaitActiveQueries(0);
        } finally {
            cli.destroyForcibly();
        }
    }

    /** Waits (at most 30 s) until the server reports {@code expected} running statements. */
    private static void awaitActiveQueries(int expected) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI metrics = URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics");
        String line = "sqe_queries_active " + expected + ".0";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (body.lines().anyMatch(line::equals)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server never reported " + line + "; last: "
                + body.lines().filter(text -> text.startsWith("sqe_queries_active")).toList());
    }

    @Test
    void aMillionRowsStreamThrough() throws Exception {
        String digits = "(VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)";
        StringBuilder sql = new StringBuilder("SELECT a.x * 100000 + b.x * 10000 + c.x * 1000 + d.x * 100 + e.x * 10 "
                + "+ f.x AS n FROM ");
        String separator = "";
        for (String alias : new String[] {"a", "b", "c", "d", "e", "f"}) {
            sql.append(separator).append(digits).append(" AS ").append(alias).append("(x)");
            separator = " CROSS JOIN ";
        }
        TrinoCli.Result result = TrinoCli.run(server.trinoPort(), "alice", "CSV_UNQUOTED", sql.toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        String[] lines = result.stdout().split("\n");
        assertThat(lines).hasSize(1_000_000);
        assertThat(java.util.Arrays.stream(lines).mapToLong(Long::parseLong).sum()).isEqualTo(499_999_500_000L);
    }
}
