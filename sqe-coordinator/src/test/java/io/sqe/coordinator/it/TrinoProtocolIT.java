package io.sqe.coordinator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Trino protocol spoken directly over HTTP: paging tokens, cancellation, errors and session headers. */
class TrinoProtocolIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

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
    void pagesFollowTheTokenRules() throws Exception {
        HttpResponse<String> posted = post(TrinoJdbcIT.digits(5), "alice");
        assertThat(posted.statusCode()).isEqualTo(200);
        JsonNode results = JSON.readTree(posted.body());
        assertThat(results.path("stats").path("state").asText()).isIn("QUEUED", "RUNNING");
        assertThat(get(results.path("infoUri").asText(), "alice").statusCode()).isEqualTo(200);
        long rows = 0;
        String previous = null;
        boolean checkedRetries = false;
        while (results.hasNonNull("nextUri")) {
            String next = results.path("nextUri").asText();
            HttpResponse<String> response = get(next, "alice");
            assertThat(response.statusCode()).isEqualTo(200);
            results = JSON.readTree(response.body());
            if (results.has("data") && !checkedRetries && previous != null) {
                assertThat(get(next, "alice").body()).as("the same token, the same page").isEqualTo(response.body());
                assertThat(get(previous, "alice").statusCode()).as("an older token").isEqualTo(410);
                assertThat(get(next.replaceAll("/\\d+$", "/99"), "alice").statusCode()).isEqualTo(404);
                assertThat(get(next, "mallory").statusCode()).as("another user's query").isEqualTo(403);
                checkedRetries = true;
            }
            previous = next;
            rows += results.path("data").size();
        }
        assertThat(checkedRetries).isTrue();
        assertThat(rows).isEqualTo(100_000L);
        assertThat(results.path("stats").path("state").asText()).isEqualTo("FINISHED");
        assertThat(results.path("stats").path("processedRows").asLong()).isEqualTo(100_000L);
        assertThat(results.path("columns").toString()).isEqualTo("[{\"name\":\"n\",\"type\":\"integer\","
                + "\"typeSignature\":{\"rawType\":\"integer\",\"arguments\":[]}}]");
    }

    @Test
    void deleteCancelsTheQuery() throws Exception {
        JsonNode results = JSON.readTree(post(TrinoJdbcIT.digits(9), "alice").body());
        results = JSON.readTree(get(results.path("nextUri").asText(), "alice").body());
        String next = results.path("nextUri").asText();
        HttpResponse<String> deleted = HTTP.send(request(next, "alice").DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(get(next, "alice").statusCode()).isEqualTo(404);
    }

    @Test
    void aFailedQueryIsStillHttp200WithTrinosError() throws Exception {
        JsonNode results = finalResults(post("SELECT 1,\n  nope FROM (VALUES 1) AS t(x)", "alice"));
        JsonNode error = results.path("error");
        assertThat(results.path("stats").path("state").asText()).isEqualTo("FAILED");
        assertThat(error.path("message").asText()).isEqualTo("line 2:3: Column 'nope' not found in any table");
        assertThat(error.path("errorCode").asInt()).isEqualTo(47);
        assertThat(error.path("errorName").asText()).isEqualTo("COLUMN_NOT_FOUND");
        assertThat(error.path("errorType").asText()).isEqualTo("USER_ERROR");
        assertThat(error.path("errorLocation").toString()).isEqualTo("{\"lineNumber\":2,\"columnNumber\":3}");
        assertThat(error.path("failureInfo").path("stack").isArray()).isTrue();
        assertThat(error.path("failureInfo").path("stack")).isEmpty();
    }

    @Test
    void sessionStateTravelsInHeaders() throws Exception {
        finalResults(post("CREATE SCHEMA headers", "alice"));
        HttpResponse<String> use = lastResponse(post("USE headers", "alice"));
        assertThat(use.headers().firstValue("X-Trino-Set-Catalog")).hasValue("iceberg");
        assertThat(use.headers().firstValue("X-Trino-Set-Schema")).hasValue("headers");
        assertThat(JSON.readTree(use.body()).path("updateType").asText()).isEqualTo("USE");

        String statement = "SELECT x * ?, s FROM (VALUES (21, 'x')) AS t(x, s) WHERE s = ?";
        HttpResponse<String> prepared = lastResponse(post("PREPARE q FROM " + statement, "alice"));
        String added = prepared.headers().firstValue("X-Trino-Added-Prepare").orElseThrow();
        assertThat(added).isEqualTo("q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8));
        JsonNode executed = JSON.readTree(send(request(base() + "/v1/statement", "alice")
                .header("X-Trino-Prepared-Statement", added)
                .POST(HttpRequest.BodyPublishers.ofString("EXECUTE q USING 2, 'x'")).build()).body());
        StringBuilder data = new StringBuilder();
        while (executed.hasNonNull("nextUri")) {
            executed = JSON.readTree(get(executed.path("nextUri").asText(), "alice").body());
            executed.path("data").forEach(row -> data.append(row));
        }
        assertThat(data.toString()).isEqualTo("[42,\"x\"]");

        HttpResponse<String> set = lastResponse(post("SET SESSION query_max_run_time = '10m'", "alice"));
        assertThat(set.headers().firstValue("X-Trino-Set-Session")).hasValue("query_max_run_time=10m");
        assertThat(lastResponse(post("RESET SESSION query_max_run_time", "alice")).headers()
                .firstValue("X-Trino-Clear-Session")).hasValue("query_max_run_time");
        assertThat(post("SELECT 1", null).statusCode()).isEqualTo(400);
    }

    @Test
    void infoDescribesTheServer() throws Exception {
        JsonNode info = JSON.readTree(get(base() + "/v1/info", "alice").body());
        assertThat(info.path("nodeVersion").path("version").asText()).isEqualTo("476");
        assertThat(info.path("coordinator").asBoolean()).isTrue();
        assertThat(info.path("starting").asBoolean()).isFalse();
    }

    private static String base() {
        return "http://127.0.0.1:" + server.trinoPort();
    }

    private static HttpRequest.Builder request(String uri, String user) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            builder.header("X-Trino-User", user);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String sql, String user) throws IOException, InterruptedException {
        return send(request(base() + "/v1/statement", user).POST(HttpRequest.BodyPublishers.ofString(sql)).build());
    }

    private static HttpResponse<String> get(String uri, String user) throws IOException, InterruptedException {
        return send(request(uri, user).GET().build());
    }

    /** Follows nextUri to the last response, the one without a nextUri. */
    private static HttpResponse<String> lastResponse(HttpResponse<String> response)
            throws IOException, InterruptedException {
        JsonNode results = JSON.readTree(response.body());
        while (results.hasNonNull("nextUri")) {
            response = get(results.path("nextUri").asText(), "alice");
            assertThat(response.statusCode()).isEqualTo(200);
            results = JSON.readTree(response.body());
        }
        return response;
    }

    private static JsonNode finalResults(HttpResponse<String> response) throws IOException, InterruptedException {
        return JSON.readTree(lastResponse(response).body());
    }
}
