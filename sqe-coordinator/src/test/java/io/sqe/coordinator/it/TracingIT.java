package io.sqe.coordinator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sqe.core.config.SqeConfig;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client's W3C trace context reaches the server through Flight SQL, and the server exports the statement's spans
 * over OTLP/HTTP to a collector (here a minimal receiver on 127.0.0.1 that records what it is sent).
 */
class TracingIT {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    private static final String TRINO_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

    @TempDir
    Path warehouse;

    @Test
    void clientTraceContextIsTheParentAndSpansAreExported() throws Exception {
        List<byte[]> exports = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        collector.createContext("/v1/traces", exchange -> {
            try (exchange) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                exchange.getRequestBody().transferTo(body);
                if ("POST".equals(exchange.getRequestMethod())
                        && exchange.getRequestHeaders().getFirst("Content-Type").startsWith("application/x-protobuf")) {
                    exports.add(body.toByteArray());
                }
                exchange.sendResponseHeaders(200, -1);
            }
        });
        collector.start();
        try {
            SqeConfig defaults = SqeConfig.defaults();
            SqeConfig config = defaults.withTracing(defaults.tracing().withEnabled(true,
                    "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces"));
            try (TestServer server = TestServer.start(warehouse, config);
                    RootAllocator allocator = new RootAllocator();
                    FlightClient flight = FlightClient.builder(allocator,
                            Location.forGrpcInsecure("127.0.0.1", server.port())).build();
                    FlightSqlClient client = new FlightSqlClient(flight)) {
                CredentialCallOption bearer = flight.authenticateBasicToken("tess", "x").orElseThrow();
                FlightCallHeaders headers = new FlightCallHeaders();
                headers.insert("traceparent", TRACEPARENT);
                HeaderCallOption trace = new HeaderCallOption(headers);
                FlightInfo info = client.execute("SELECT count(*) FROM (VALUES (1), (2)) AS t(x)", bearer, trace);
                try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), bearer, trace)) {
                    while (stream.next()) {
                        // drain
                    }
                }
                runOverTrino(server.trinoPort(), "00-" + TRINO_TRACE_ID + "-b7ad6b7169203331-01");
            }
            byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
            assertThat(exports).as("spans exported on shutdown").isNotEmpty();
            assertThat(exports).anySatisfy(body -> assertThat(indexOf(body, traceId)).isGreaterThanOrEqualTo(0));
            assertThat(exports).anySatisfy(body -> assertThat(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .contains("sqe.query").contains("sqe.plan"));
        } finally {
            collector.stop(0);
        }
        assertThat(auditTraceId("tess")).isEqualTo(TRACE_ID);
        assertThat(auditTraceId("tina")).as("traceparent over the Trino protocol").isEqualTo(TRINO_TRACE_ID);
    }

    /** Runs a statement over the Trino HTTP protocol with a traceparent header, following nextUri to the end. */
    private static void runOverTrino(int port, String traceparent) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v1/statement"))
                .header("X-Trino-User", "tina").header("traceparent", traceparent)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("SELECT 42")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        for (int page = 0; page < 100; page++) {
            JsonNode body = new ObjectMapper().readTree(response.body());
            if (!body.hasNonNull("nextUri")) {
                assertThat(body.at("/stats/state").asText()).isEqualTo("FINISHED");
                return;
            }
            response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(body.get("nextUri").asText()))
                    .header("X-Trino-User", "tina").GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        }
        throw new AssertionError("the Trino query did not finish within 100 pages");
    }

    private String auditTraceId(String user) throws java.io.IOException {
        JsonNode record = null;
        for (String line : Files.readAllLines(warehouse.resolve("audit").resolve("sqe-audit.jsonl"))) {
            JsonNode candidate = new ObjectMapper().readTree(line);
            if (candidate.get("user").asText().equals(user)) {
                record = candidate;
            }
        }
        assertThat(record).as("audit record of " + user).isNotNull();
        return record.get("trace_id").asText();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            boolean match = true;
            for (int j = 0; j < needle.length && match; j++) {
                match = haystack[i + j] == needle[j];
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }
}
