package io.sqe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Trino client's paging, session headers, origin check, errors and cancel, against a scripted HTTP server. */
class TrinoConnectionTest {
    private static final String COLUMNS = "\"columns\":[{\"name\":\"id\",\"type\":\"bigint\"},"
            + "{\"name\":\"price\",\"type\":\"decimal(10,2)\"},{\"name\":\"at\",\"type\":\"time(6)\"},"
            + "{\"name\":\"ts\",\"type\":\"timestamp(6) with time zone\"},{\"name\":\"bytes\",\"type\":\"varbinary\"},"
            + "{\"name\":\"ratio\",\"type\":\"double\"}]";

    private BufferAllocator allocator;
    private HttpServer server;
    private String base;
    /** Path to the response body; a {@code POST} is answered from the key {@code POST}. */
    private final Map<String, Response> script = new ConcurrentHashMap<>();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    private record Request(String method, String path, Map<String, List<String>> headers) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst();
        }
    }

    private record Response(int status, String body, Map<String, String> headers) {
        Response(String body, Map<String, String> headers) {
            this(200, body, headers);
        }

        static Response of(String body) {
            return new Response(body, Map.of());
        }
    }

    @BeforeEach
    void start() throws IOException {
        allocator = new RootAllocator();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        script.put("/v1/info", Response.of("{}"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        allocator.close();
    }

    @Test
    void followsNextUriThroughEveryPage() throws Exception {
        script.put("POST", Response.of("{\"id\":\"q\",\"nextUri\":\"" + base + "/v1/statement/q/1\"}"));
        script.put("/v1/statement/q/1", Response.of("{\"id\":\"q\",\"nextUri\":\"" + base + "/v1/statement/q/2\","
                + COLUMNS + ",\"data\":[[1,\"0.05\",\"13:00:05.000120\",\"2023-11-14 22:13:20.000000 UTC\","
                + "\"yv4B\",0.25]]}"));
        script.put("/v1/statement/q/2", Response.of("{\"id\":\"q\",\"nextUri\":\"" + base + "/v1/statement/q/3\","
                + COLUMNS + ",\"data\":[[2,null,\"13:00:00.000000\",null,null,\"NaN\"]]}"));
        script.put("/v1/statement/q/3", Response.of("{\"id\":\"q\"," + COLUMNS + "}"));
        try (TrinoConnection connection = open()) {
            StringWriter text = new StringWriter();
            Optional<Long> updateCount = connection.execute("SELECT ...", OutputFormat.TABLE.printer(
                    new PrintWriter(text)));

            assertThat(updateCount).isEmpty();
            assertThat(text.toString().replace(System.lineSeparator(), "\n")).isEqualTo("""
                    id | price | at              | ts                             | bytes  | ratio
                    ---+-------+-----------------+--------------------------------+--------+------
                     1 |  0.05 | 13:00:05.000120 | 2023-11-14 22:13:20.000000 UTC | cafe01 |  0.25
                     2 |  NULL | 13:00:00        | NULL                           | NULL   |   NaN
                    (2 rows)
                    """);
        }
        assertThat(requests).extracting(Request::method, Request::path).containsExactly(
                tuple("GET", "/v1/info"),
                tuple("POST", "/v1/statement"),
                tuple("GET", "/v1/statement/q/1"),
                tuple("GET", "/v1/statement/q/2"),
                tuple("GET", "/v1/statement/q/3"));
        assertThat(requests).allSatisfy(request -> assertThat(request.header("X-Trino-User")).hasValue("ada"));
    }

    @Test
    void keepsTheSessionTheServerReports() throws Exception {
        try (TrinoConnection connection = open()) {
            script.put("POST", new Response("{\"id\":\"q\",\"updateType\":\"USE\"}",
                    Map.of("X-Trino-Set-Catalog", "iceberg", "X-Trino-Set-Schema", "demo")));
            assertThat(connection.execute("USE iceberg.demo", failingPrinter())).hasValue(0L);
            script.put("POST", new Response("{\"id\":\"q\",\"updateType\":\"SET SESSION\"}",
                    Map.of("X-Trino-Set-Session", "query_max_run_time=10+m%2C")));
            connection.execute("SET SESSION query_max_run_time = '10 m,'", failingPrinter());
            assertThat(connection.session().properties()).containsExactly(Map.entry("query_max_run_time", "10 m,"));
            script.put("POST", new Response("{\"id\":\"q\",\"updateType\":\"INSERT\",\"updateCount\":3}", Map.of()));
            requests.clear();

            assertThat(connection.execute("INSERT INTO t VALUES 1, 2, 3", failingPrinter())).hasValue(3L);
            Request insert = requests.take();
            assertThat(insert.header("X-Trino-Catalog")).hasValue("iceberg");
            assertThat(insert.header("X-Trino-Schema")).hasValue("demo");
            assertThat(insert.header("X-Trino-Session")).hasValue("query_max_run_time=10+m%2C");

            script.put("POST", new Response("{\"id\":\"q\",\"updateType\":\"RESET SESSION\"}",
                    Map.of("X-Trino-Clear-Session", "query_max_run_time")));
            connection.execute("RESET SESSION query_max_run_time", failingPrinter());
            requests.clear();
            connection.execute("RESET SESSION query_max_run_time", failingPrinter());
            assertThat(requests.take().header("X-Trino-Session")).isEmpty();
        }
    }

    @Test
    void refusesANextUriOnAnotherOrigin() throws Exception {
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        BlockingQueue<String> stolen = new LinkedBlockingQueue<>();
        elsewhere.createContext("/", exchange -> {
            stolen.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        elsewhere.start();
        String foreign = "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/v1/statement/q/1";
        script.put("POST", Response.of("{\"id\":\"q\",\"nextUri\":\"" + foreign + "\"}"));
        try (TrinoConnection connection = open()) {
            assertThatThrownBy(() -> connection.execute("SELECT 1", failingPrinter()))
                    .isInstanceOfSatisfying(SqeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
                    .hasMessage("refusing to follow nextUri " + foreign + ": it is not on " + base
                            + ", the server this client connected to");
            assertThatThrownBy(() -> connection.sameOrigin("https://127.0.0.1:" + server.getAddress().getPort()
                    + "/v1/statement/q/1")).hasMessageStartingWith("refusing to follow nextUri https://");
            assertThatThrownBy(() -> connection.sameOrigin("http://localhost:" + server.getAddress().getPort()
                    + "/v1/statement/q/1")).hasMessageStartingWith("refusing to follow nextUri http://localhost");
            assertThat(connection.sameOrigin("/v1/statement/q/2").toString()).isEqualTo(base + "/v1/statement/q/2");
        } finally {
            elsewhere.stop(0);
        }
        assertThat(stolen).isEmpty();
    }

    @Test
    void reportsTheServersErrorByName() throws Exception {
        script.put("POST", Response.of("{\"id\":\"q\",\"nextUri\":\"" + base + "/v1/statement/q/1\"}"));
        script.put("/v1/statement/q/1", Response.of("{\"id\":\"q\",\"error\":{\"message\":\"line 1:8: Column 'nope' "
                + "cannot be resolved\",\"errorCode\":47,\"errorName\":\"COLUMN_NOT_FOUND\","
                + "\"errorType\":\"USER_ERROR\"}}"));
        try (TrinoConnection connection = open()) {
            assertThatThrownBy(() -> connection.execute("SELECT nope", failingPrinter()))
                    .isInstanceOfSatisfying(SqeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COLUMN_NOT_FOUND))
                    .hasMessage("COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved");
        }
    }

    @Test
    void cancelDeletesTheRunningQuery() throws Exception {
        script.put("POST", Response.of("{\"id\":\"q\",\"nextUri\":\"" + base + "/v1/statement/q/1\"}"));
        script.put("/v1/statement/q/1", Response.of("{\"id\":\"q\",\"nextUri\":\"" + base + "/v1/statement/q/2\","
                + COLUMNS + ",\"data\":[[1,\"0.05\",null,null,null,1]]}"));
        try (TrinoConnection connection = open()) {
            ResultPrinter cancelOnFirstBatch = new ResultPrinter() {
                @Override
                public void start(Schema schema) {}

                @Override
                public void batch(VectorSchemaRoot root) {
                    connection.cancelCurrent();
                }

                @Override
                public void finish() {}
            };
            assertThatThrownBy(() -> connection.execute("SELECT ...", cancelOnFirstBatch))
                    .isInstanceOfSatisfying(SqeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.USER_CANCELED))
                    .hasMessage("query canceled");
        }
        Request delete = null;
        for (Request request = requests.poll(10, TimeUnit.SECONDS); request != null;
                request = requests.poll(10, TimeUnit.SECONDS)) {
            if (request.method().equals("DELETE")) {
                delete = request;
                break;
            }
        }
        assertThat(delete).isNotNull();
        assertThat(delete.path()).isEqualTo("/v1/statement/q/2");
    }

    @Test
    void sendsTheCredentialsAndTheInitialPathWithEveryRequest() throws Exception {
        script.put("POST", Response.of("{\"id\":\"q\",\"nextUri\":\"" + base + "/v1/statement/q/1\"}"));
        script.put("/v1/statement/q/1", Response.of("{\"id\":\"q\",\"nextUri\":\"" + base + "/v1/statement/q/2\","
                + COLUMNS + ",\"data\":[[1,\"0.05\",null,null,null,1]]}"));
        ConnectionSettings settings = new ConnectionSettings("127.0.0.1", server.getAddress().getPort(),
                TlsSettings.plain(), Credentials.password("ada", "pa:ss wörd"), Optional.of("iceberg"),
                Optional.of("shop"));
        try (TrinoConnection connection = TrinoConnection.open(allocator, settings)) {
            ResultPrinter cancelOnFirstBatch = new ResultPrinter() {
                @Override
                public void start(Schema schema) {}

                @Override
                public void batch(VectorSchemaRoot root) {
                    connection.cancelCurrent();
                }

                @Override
                public void finish() {}
            };
            assertThatThrownBy(() -> connection.execute("SELECT ...", cancelOnFirstBatch))
                    .isInstanceOfSatisfying(SqeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.USER_CANCELED))
                    .hasMessage("query canceled");
        }
        List<Request> seen = new ArrayList<>();
        while (seen.stream().noneMatch(request -> request.method().equals("DELETE"))) {
            Request request = requests.poll(10, TimeUnit.SECONDS);
            assertThat(request).as("a DELETE after " + seen).isNotNull();
            seen.add(request);
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                "ada:pa:ss wörd".getBytes(StandardCharsets.UTF_8));
        assertThat(seen).extracting(Request::method).containsExactly("GET", "POST", "GET", "DELETE");
        assertThat(seen).allSatisfy(request -> {
            assertThat(request.header("Authorization")).hasValue(basic);
            assertThat(request.header("X-Trino-User")).hasValue("ada");
        });
        assertThat(seen.subList(1, seen.size())).allSatisfy(request -> {
            assertThat(request.header("X-Trino-Catalog")).hasValue("iceberg");
            assertThat(request.header("X-Trino-Schema")).hasValue("shop");
        });
    }

    @Test
    void aRefusedLoginIsOneAuthenticationError() throws Exception {
        script.put("POST", new Response(401, "the token has expired; log in again", Map.of()));
        ConnectionSettings withToken = new ConnectionSettings("127.0.0.1", server.getAddress().getPort(),
                TlsSettings.plain(), Credentials.accessToken("ada", "header.payload.signature"), Optional.empty(),
                Optional.empty());
        try (TrinoConnection connection = TrinoConnection.open(allocator, withToken)) {
            assertThatThrownBy(() -> connection.execute("SELECT 1", failingPrinter()))
                    .isInstanceOfSatisfying(SqeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED))
                    .hasMessage("AUTHENTICATION_FAILED: the token has expired; log in again");
        }
        assertThat(requests).allSatisfy(request -> assertThat(request.header("Authorization"))
                .hasValue("Bearer header.payload.signature"));

        script.put("POST", new Response(401, "", Map.of()));
        try (TrinoConnection connection = open()) {
            assertThatThrownBy(() -> connection.execute("SELECT 1", failingPrinter()))
                    .isInstanceOfSatisfying(SqeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED))
                    .hasMessage("AUTHENTICATION_FAILED: the server requires a login "
                            + "(log in with --password or --access-token)");
        }
    }

    private TrinoConnection open() throws Exception {
        return TrinoConnection.open(allocator, "127.0.0.1", server.getAddress().getPort(), "ada");
    }

    private static ResultPrinter failingPrinter() {
        return new ResultPrinter() {
            @Override
            public void start(Schema schema) {
                throw new AssertionError("a statement without rows printed a result");
            }

            @Override
            public void batch(VectorSchemaRoot root) {
                throw new AssertionError("a statement without rows printed a result");
            }

            @Override
            public void finish() {
                throw new AssertionError("a statement without rows printed a result");
            }
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        exchange.getRequestBody().readAllBytes();
        requests.add(new Request(method, path, Map.copyOf(exchange.getRequestHeaders())));
        Response response = script.get(method.equals("POST") ? "POST" : path);
        if (method.equals("DELETE")) {
            exchange.sendResponseHeaders(204, -1);
        } else if (response == null) {
            exchange.sendResponseHeaders(404, -1);
        } else {
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type",
                    response.status() == 200 ? "application/json" : "text/plain");
            exchange.sendResponseHeaders(response.status(), body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }
}
