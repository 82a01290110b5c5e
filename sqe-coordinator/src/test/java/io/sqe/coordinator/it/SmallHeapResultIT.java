package io.sqe.coordinator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten million rows over the Trino protocol from a server process with a 160 MB heap: results stream page by page
 * with backpressure and are never materialized whole.
 */
class SmallHeapResultIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ROWS = 10_000_000L;

    @Test
    void tenMillionRowsStreamFromASmallHeap(@TempDir Path directory) throws Exception {
        int trinoPort = freePort();
        Path config = directory.resolve("sqe.toml");
        Files.writeString(config, String.join("\n",
                "[coordinator]", "flight_sql_port = " + freePort(), "trino_http_port = " + trinoPort,
                "[catalog]", "warehouse = \"" + directory.resolve("warehouse") + "\"",
                "[metrics]", "enabled = false", ""));
        Path log = directory.resolve("server.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx160m"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("--add-opens") || argument.startsWith("--enable-native")
                        || argument.startsWith("--sun-misc"))
                .toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "io.sqe.coordinator.server.SqeServerCommand", "--config", config.toString()));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitStarted(server, log);
            StringBuilder sql = new StringBuilder("SELECT a.x + 10 * b.x + 100 * c.x + 1000 * d.x + 10000 * e.x"
                    + " + 100000 * f.x + 1000000 * g.x AS n FROM ");
            String separator = "";
            for (String alias : new String[] {"a", "b", "c", "d", "e", "f", "g"}) {
                sql.append(separator).append("(VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9) AS ").append(alias).append("(x)");
                separator = " CROSS JOIN ";
            }
            long[] countAndSum = fetch(trinoPort, sql.toString());
            assertThat(countAndSum[0]).isEqualTo(ROWS);
            assertThat(countAndSum[1]).isEqualTo(ROWS * (ROWS - 1) / 2);
            assertThat(server.isAlive()).as("the server survives").isTrue();
            assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain("OutOfMemoryError");
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Follows nextUri to the end, counting the rows and summing the single column. */
    private static long[] fetch(int port, String sql) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/statement"))
                .header("X-Trino-User", "alice").POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        JsonNode page = JSON.readTree(client.send(post, HttpResponse.BodyHandlers.ofInputStream()).body());
        long count = 0;
        long sum = 0;
        while (true) {
            for (JsonNode row : page.path("data")) {
                count++;
                sum += row.get(0).asLong();
            }
            if (page.hasNonNull("error")) {
                throw new AssertionError("query failed: " + page.path("error"));
            }
            if (!page.hasNonNull("nextUri")) {
                return new long[] {count, sum};
            }
            HttpRequest next = HttpRequest.newBuilder(URI.create(page.path("nextUri").asText()))
                    .header("X-Trino-User", "alice").build();
            try (InputStream body = client.send(next, HttpResponse.BodyHandlers.ofInputStream()).body()) {
                page = JSON.readTree(body);
            }
        }
    }

    private static void awaitStarted(Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (output.contains("SQE is ready")) {
                return;
            }
            if (!server.isAlive()) {
                throw new AssertionError("the server exited: " + output);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not start within 60 s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
