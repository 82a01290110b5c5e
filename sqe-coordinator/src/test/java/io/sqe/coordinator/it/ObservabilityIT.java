package io.sqe.coordinator.it;

import static io.sqe.coordinator.it.QueryAssertions.execute;
import static io.sqe.coordinator.it.QueryAssertions.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics, readiness and the audit trail of a running server, read the way operators read them. */
class ObservabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path warehouse;

    @Test
    void aMixedWorkloadMovesTheCountersAndIsAudited() throws Exception {
        try (TestServer server = TestServer.start(warehouse); Connection connection = server.connect("olga")) {
            String before = scrape(server);
            execute(connection, "CREATE SCHEMA obs", "CREATE TABLE obs.t (d date, x integer) WITH (partitioning = ARRAY['d'])",
                    "INSERT INTO obs.t VALUES (DATE '2024-01-01', 1), (DATE '2024-01-02', 2)");
            assertThat(rows(connection, "SELECT x FROM obs.t WHERE d = DATE '2024-01-02'")).hasSize(1);
            assertThatThrownBy(() -> rows(connection, "SELECT * FROM obs.missing")).hasMessageContaining("TABLE_NOT_FOUND");
            String after = scrape(server);

            assertThat(delta(before, after, "sqe_queries_total{outcome=\"success\",statement_type=\"query\"}"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "sqe_queries_total{outcome=\"success\",statement_type=\"insert\"}"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "sqe_queries_total{outcome=\"user_error\",statement_type=\"query\"}"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "sqe_scan_files_total{result=\"pruned\"}")).isEqualTo(1);
            assertThat(delta(before, after, "sqe_rows_returned_total")).isEqualTo(1);
            assertThat(delta(before, after, "sqe_catalog_call_seconds_count{operation=\"loadTable\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(after).contains("sqe_sessions_active").contains("sqe_arrow_memory_allocated_bytes{pool=\"root\"}")
                    .doesNotContain("olga");
            if (Files.isExecutable(Path.of("/usr/bin/promtool"))) {
                assertThat(promtool(after)).isZero();
            }

            HttpResponse<String> ready = get(server.metricsPort(), "/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"catalog\":\"UP\"");
            assertThat(get(server.metricsPort(), "/health").statusCode()).isEqualTo(200);
        }
        List<JsonNode> audit = new ArrayList<>();
        for (String line : Files.readAllLines(warehouse.resolve("audit").resolve("sqe-audit.jsonl"))) {
            audit.add(JSON.readTree(line));
        }
        List<JsonNode> olga = audit.stream().filter(record -> record.get("user").asText().equals("olga")).toList();
        assertThat(olga).extracting(record -> record.get("statement_type").asText())
                .containsExactly("CREATE_SCHEMA", "CREATE_TABLE", "INSERT", "QUERY", "QUERY");
        JsonNode failed = olga.get(4);
        assertThat(failed.get("outcome").asText()).isEqualTo("FAILURE");
        assertThat(failed.get("error_code").asText()).isEqualTo("TABLE_NOT_FOUND");
        assertThat(failed.get("protocol").asText()).isEqualTo("flight-sql");
        JsonNode query = olga.get(3);
        assertThat(query.get("tables_read").get(0).asText()).isEqualTo("iceberg.obs.t");
        assertThat(query.get("rows").asLong()).isEqualTo(1);
        assertThat(olga.get(2).get("tables_written").get(0).asText()).isEqualTo("iceberg.obs.t");
        assertThat(olga.get(2).get("update_count").asLong()).isEqualTo(2);
    }

    /** A real Prometheus server (Debian's package, installed by .ci/run) scrapes SQE and answers a query. */
    @Test
    void prometheusScrapesTheServer(@TempDir Path prometheusData) throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/prometheus"))).as("prometheus installed").isTrue();
        try (TestServer server = TestServer.start(warehouse); Connection connection = server.connect("pat")) {
            assertThat(rows(connection, "SELECT 1")).hasSize(1);
            int prometheusPort = freePort();
            Path config = prometheusData.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: sqe\n"
                    + "    static_configs:\n      - targets: ['127.0.0.1:" + server.metricsPort() + "']\n");
            Process prometheus = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + prometheusData.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true).redirectOutput(prometheusData.resolve("prometheus.log").toFile()).start();
            try {
                String query = URLEncoder.encode("sqe_queries_total{statement_type=\"query\",outcome=\"success\"}",
                        StandardCharsets.UTF_8);
                JsonNode result = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline) {
                    try {
                        HttpResponse<String> response = get(prometheusPort, "/api/v1/query?query=" + query);
                        JsonNode body = JSON.readTree(response.body());
                        if (response.statusCode() == 200 && body.at("/data/result").size() > 0) {
                            result = body.at("/data/result/0");
                            break;
                        }
                    } catch (IOException e) {
                        // not listening yet
                    }
                    Thread.sleep(500);
                }
                assertThat(result).as("Prometheus scraped sqe_queries_total within 60 s").isNotNull();
                assertThat(result.at("/metric/job").asText()).isEqualTo("sqe");
                assertThat(Double.parseDouble(result.at("/value/1").asText())).isGreaterThanOrEqualTo(1);
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    private String scrape(TestServer server) throws Exception {
        HttpResponse<String> response = get(server.metricsPort(), "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double delta(String before, String after, String series) {
        return value(after, series) - value(before, series);
    }

    private static double value(String exposition, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(exposition);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static int promtool(String exposition) throws Exception {
        Path file = Files.createTempFile("sqe-metrics", ".txt");
        try {
            Files.writeString(file, exposition);
            Process process = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectInput(file.toFile())
                    .redirectErrorStream(true).start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(output).isEmpty();
            return process.exitValue();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
