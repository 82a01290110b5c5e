package io.sqe.metrics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sqe.core.concurrent.NamedThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics} (Prometheus text format), {@code /health} (liveness) and {@code /ready} (readiness: every check
 * passes). The JDK's HTTP server is enough for three read-only endpoints and keeps workers free of a web framework.
 */
public final class MetricsHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsHttpServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on {@code host:port} (0 picks a free port).
     *
     * @param readinessChecks named checks that must all pass for {@code /ready} to answer 200
     */
    public static MetricsHttpServer start(String host, int port, SqeMetrics metrics,
            Map<String, BooleanSupplier> readinessChecks) {
        requireNonNull(metrics, "metrics is null");
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>(readinessChecks);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the metrics endpoint on " + host + ":" + port, e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(64),
                new NamedThreadFactory("sqe-metrics-http", 0));
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape()));
        server.createContext("/health", exchange -> respond(exchange, 200, "application/json", "{\"status\":\"UP\"}"));
        server.createContext("/ready", exchange -> ready(exchange, checks));
        server.start();
        log.info("Metrics endpoint listening on {}:{}", host, server.getAddress().getPort());
        return new MetricsHttpServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void ready(HttpExchange exchange, Map<String, BooleanSupplier> checks) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode results = body.putObject("checks");
        boolean ready = true;
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            boolean passed;
            try {
                passed = check.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                log.warn("Readiness check {} failed", check.getKey(), e);
                passed = false;
            }
            results.put(check.getKey(), passed ? "UP" : "DOWN");
            ready &= passed;
        }
        body.put("status", ready ? "UP" : "DOWN");
        respond(exchange, ready ? 200 : 503, "application/json", JSON.writeValueAsString(body));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
