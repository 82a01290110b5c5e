package io.sqe.trino;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint over a fake engine: paging, backpressure, cancellation, abandonment and errors. */
class TrinoProtocolServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BufferAllocator allocator;
    private FakeEngine engine;
    private TrinoProtocolServer server;

    @BeforeEach
    void start() {
        allocator = new RootAllocator();
        engine = new FakeEngine(allocator);
        server = TrinoProtocolServer.start(TrinoServerOptions.of("127.0.0.1", 0)
                .withQueryIdleTimeout(Duration.ofMillis(500), Duration.ofMillis(100)), engine,
                io.sqe.core.session.SessionManager.allowAll(), "iceberg");
    }

    @AfterEach
    void stop() {
        server.close();
        assertThat(engine.openStreams).hasValue(0);
        allocator.close();
    }

    @Test
    void streamsEveryRowInPages() throws Exception {
        JsonNode results = JSON.readTree(post("ROWS 250000").body());
        long rows = 0;
        long sum = 0;
        int responses = 0;
        while (results.hasNonNull("nextUri")) {
            results = JSON.readTree(get(results.path("nextUri").asText()).body());
            responses++;
            for (JsonNode row : results.path("data")) {
                rows++;
                sum += row.get(0).asLong();
            }
        }
        assertThat(rows).isEqualTo(250_000L);
        assertThat(sum).isEqualTo(250_000L * 249_999L / 2);
        assertThat(responses).as("a large result comes in several pages").isGreaterThan(2);
        assertThat(results.path("stats").path("state").asText()).isEqualTo("FINISHED");
    }

    @Test
    void anUnpolledQueryIsAbandonedAndReleasesItsStream() throws Exception {
        JsonNode results = JSON.readTree(post("ROWS 100000000").body());
        results = JSON.readTree(get(results.path("nextUri").asText()).body());
        assertThat(engine.openStreams).hasValue(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((engine.openStreams.get() > 0 || server.trackedQueries() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(engine.openStreams).hasValue(0);
        assertThat(server.trackedQueries()).isZero();
        assertThat(get(results.path("nextUri").asText()).statusCode()).isEqualTo(404);
    }

    @Test
    void deleteCancelsAndReleases() throws Exception {
        JsonNode results = JSON.readTree(post("ROWS 100000000").body());
        results = JSON.readTree(get(results.path("nextUri").asText()).body());
        HttpResponse<String> deleted = HTTP.send(request(results.path("nextUri").asText()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (engine.openStreams.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(engine.openStreams).hasValue(0);
    }

    @Test
    void planningErrorsAreFailedResultsWithALocation() throws Exception {
        JsonNode results = JSON.readTree(post("FAIL").body());
        while (results.hasNonNull("nextUri")) {
            results = JSON.readTree(get(results.path("nextUri").asText()).body());
        }
        assertThat(results.path("error").toString()).isEqualTo("{\"message\":\"line 1:1: mismatched input 'FAIL'\","
                + "\"errorCode\":1,\"errorName\":\"SYNTAX_ERROR\",\"errorType\":\"USER_ERROR\","
                + "\"errorLocation\":{\"lineNumber\":1,\"columnNumber\":1},\"failureInfo\":{\"type\":"
                + "\"io.sqe.core.error.SqeException\",\"message\":\"line 1:1: mismatched input 'FAIL'\","
                + "\"suppressed\":[],\"stack\":[],\"errorLocation\":{\"lineNumber\":1,\"columnNumber\":1}}}");
        assertThat(results.has("columns")).isFalse();
        assertThat(results.has("data")).isFalse();
    }

    @Test
    void anEmptyResultHasColumnsAndAnEmptyDataArray() throws Exception {
        JsonNode results = JSON.readTree(post("ROWS 0").body());
        while (results.hasNonNull("nextUri")) {
            results = JSON.readTree(get(results.path("nextUri").asText()).body());
        }
        assertThat(results.path("columns").get(0).path("type").asText()).isEqualTo("bigint");
        assertThat(results.path("data").toString()).isEqualTo("[]");
    }

    private HttpRequest.Builder request(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).header("X-Trino-User", "alice")
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> post(String sql) throws IOException, InterruptedException {
        return HTTP.send(request("http://127.0.0.1:" + server.port() + "/v1/statement")
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        return HTTP.send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
