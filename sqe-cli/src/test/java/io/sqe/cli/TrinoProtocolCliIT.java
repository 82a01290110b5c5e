package io.sqe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.coordinator.server.SqeServer;
import io.sqe.core.config.SqeConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sqe-cli --protocol trino} against a running SQE server's Trino endpoint. */
class TrinoProtocolCliIT {
    private static final String DIGITS = "(VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)";

    @TempDir
    static Path warehouse;
    private static SqeServer server;

    private record Result(int exitCode, String out, String err) {
        /** Standard error without the server's log lines, which share the stream in this process. */
        List<String> errorLines() {
            return err.lines().filter(line -> line.startsWith("Error")).toList();
        }
    }

    @BeforeAll
    static void start() {
        SqeConfig config = SqeConfig.defaults();
        server = SqeServer.start(config
                .withCoordinator(config.coordinator().withFlightSqlPort(0).withTrinoHttpPort(0))
                .withCatalog(config.catalog().withWarehouse(warehouse))
                .withMetrics(config.metrics().withPort(0)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void useCarriesOverToTheNextStatement() {
        Result result = trino("--format", "csv", "-e", "CREATE SCHEMA cli_use; USE iceberg.cli_use; "
                + "CREATE TABLE orders (id bigint, name varchar); INSERT INTO orders VALUES (1, 'ada'), (2, 'grace'); "
                + "SELECT id, name FROM orders ORDER BY id");

        assertThat(result.errorLines()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("OK\nOK\nOK\nOK (2 rows affected)\nid,name\n1,ada\n2,grace\n");
    }

    @Test
    void preparedStatementsAndSessionPropertiesCarryOver() {
        Result result = trino("--format", "csv", "-e", "SET SESSION query_max_run_time = '10m'; "
                + "PREPARE doubled FROM SELECT x * ? AS y FROM (VALUES 21) AS t(x); EXECUTE doubled USING 2");

        assertThat(result.errorLines()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("OK\nOK\ny\n42\n");
    }

    @Test
    void printsExactlyWhatTheFlightPathPrints() {
        String query = "SELECT 7 AS i, CAST(2.5 AS decimal(10,2)) AS price, DATE '2024-01-05' AS day, "
                + "TIMESTAMP '2024-01-05 10:00:00.123456' AS at, 'x, \"y\"' AS s, CAST(0.25 AS double) AS ratio, "
                + "true AS ok, CAST(NULL AS varchar) AS nothing";
        for (String format : List.of("table", "csv", "tsv", "json")) {
            Result overTrino = trino("--format", format, "-e", query);
            Result overFlight = run("--port", String.valueOf(server.flightSqlPort()), "--user", "ada",
                    "--format", format, "-e", query);

            assertThat(overTrino.errorLines()).isEmpty();
            assertThat(overFlight.exitCode()).isZero();
            assertThat(overTrino.out()).as(format).isNotEmpty().isEqualTo(overFlight.out());
        }
    }

    @Test
    void followsEveryPageOfALargeResult() throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                TrinoConnection connection = TrinoConnection.open(allocator, "127.0.0.1", server.trinoHttpPort(),
                        "ada")) {
            AtomicInteger batches = new AtomicInteger();
            connection.execute(digits(5), new ResultPrinter() {
                @Override
                public void start(Schema schema) {}

                @Override
                public void batch(VectorSchemaRoot root) {
                    batches.incrementAndGet();
                }

                @Override
                public void finish() {}
            });
            assertThat(batches.get()).as("pages with rows").isGreaterThan(1);
        }

        Result result = trino("--format", "csv", "-e", digits(5));

        assertThat(result.errorLines()).isEmpty();
        assertThat(result.exitCode()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("n");
        assertThat(lines.subList(1, lines.size()).stream().mapToLong(Long::parseLong).sorted().toArray())
                .containsExactly(LongStream.range(0, 100_000).toArray());
    }

    @Test
    void cancelStopsTheRunningQuery() throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                TrinoConnection connection = TrinoConnection.open(allocator, "127.0.0.1", server.trinoHttpPort(),
                        "ada")) {
            AtomicInteger batches = new AtomicInteger();
            ResultPrinter cancelOnFirstBatch = new ResultPrinter() {
                @Override
                public void start(Schema schema) {}

                @Override
                public void batch(VectorSchemaRoot root) {
                    batches.incrementAndGet();
                    connection.cancelCurrent();
                }

                @Override
                public void finish() {
                    throw new AssertionError("a canceled query finished");
                }
            };
            assertThatThrownBy(() -> connection.execute(digits(6), cancelOnFirstBatch))
                    .isInstanceOfSatisfying(SqeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.USER_CANCELED))
                    .hasMessage("query canceled");
            assertThat(batches).hasValue(1);

            StringWriter text = new StringWriter();
            connection.execute("SELECT 1 AS x", OutputFormat.CSV.printer(new PrintWriter(text)));
            assertThat(text.toString()).isEqualTo("x\n1\n");
        }
    }

    @Test
    void anErrorIsOneLineAndStopsTheScript() {
        Result result = trino("--format", "csv", "-e",
                "SELECT 1 AS x; SELECT nope FROM (VALUES 1) AS t(x); SELECT 2 AS y");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("x\n1\n");
        assertThat(result.errorLines())
                .containsExactly("Error: COLUMN_NOT_FOUND: line 1:8: Column 'nope' not found in any table");
    }

    @Test
    void anUnreachableServerIsOneLine() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Result result = run("--protocol", "trino", "--port", String.valueOf(closedPort), "-e", "SELECT 1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errorLines())
                .containsExactly("Error: cannot connect to 127.0.0.1:" + closedPort + " (is the server running?)");
    }

    @Test
    void tlsAgainstAPlainServerSaysSo() {
        for (Protocol protocol : Protocol.values()) {
            int port = protocol == Protocol.TRINO ? server.trinoHttpPort() : server.flightSqlPort();
            Result result = run("--protocol", protocol.name(), "--port", String.valueOf(port), "--tls", "--insecure",
                    "-e", "SELECT 1");

            assertThat(result.exitCode()).as(protocol.name()).isEqualTo(1);
            assertThat(result.errorLines()).as(protocol.name()).singleElement().asString()
                    .startsWith("Error: TLS handshake with 127.0.0.1:" + port + " failed: ")
                    .endsWith(" (is TLS on at the server? If not, leave out --tls)");
        }
    }

    private static Result trino(String... args) {
        List<String> all = new ArrayList<>(List.of("--protocol", "trino", "--port",
                String.valueOf(server.trinoHttpPort()), "--user", "ada"));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    private static synchronized Result run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            int exitCode = SqeCli.run(args);
            return new Result(exitCode, normalize(out), normalize(err));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private static String normalize(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    /** {@code n} digits' worth of numbers, {@code 0} to {@code 10^n - 1}: 100,000 rows for 5, many pages. */
    private static String digits(int n) {
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder from = new StringBuilder(" FROM ");
        long weight = 1;
        for (int i = 0; i < n; i++) {
            select.append(i == 0 ? "" : " + ").append("d").append(i).append(".x * ").append(weight);
            from.append(i == 0 ? "" : " CROSS JOIN ").append(DIGITS).append(" AS d").append(i).append("(x)");
            weight *= 10;
        }
        return select.append(" AS n").append(from).toString();
    }
}
