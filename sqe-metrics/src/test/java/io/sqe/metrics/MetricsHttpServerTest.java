package io.sqe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class MetricsHttpServerTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesMetricsHealthAndReadiness() throws Exception {
        AtomicBoolean catalogUp = new AtomicBoolean(true);
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put("catalog", catalogUp::get);
        try (SqeMetrics metrics = new SqeMetrics();
                MetricsHttpServer server = MetricsHttpServer.start("127.0.0.1", 0, metrics, checks)) {
            metrics.queryCompleted(Completions.success("q1", "SELECT 1", 3));
            HttpResponse<String> scrape = get(server, "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            assertThat(scrape.body()).contains("sqe_queries_total{outcome=\"success\",statement_type=\"query\"} 1.0");
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(server, "/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"catalog\":\"UP\"");
            catalogUp.set(false);
            HttpResponse<String> notReady = get(server, "/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("\"catalog\":\"DOWN\"").contains("\"status\":\"DOWN\"");
        }
    }

    private HttpResponse<String> get(MetricsHttpServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
