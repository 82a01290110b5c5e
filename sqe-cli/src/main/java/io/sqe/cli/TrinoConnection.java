package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A connection to SQE's Trino endpoint: {@code POST /v1/statement}, then {@code nextUri} until there is none. Rows
 * are decoded into Arrow batches for the CLI's printers. The session (catalog, schema, session properties,
 * prepared statements) carries over between statements as Trino's clients carry it. The CLI follows a
 * {@code nextUri} only on the origin it connected to, so a server cannot send it, and the user's name and
 * credentials, elsewhere.
 */
final class TrinoConnection implements ServerConnection {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // Each poll is answered within about a second; the margin covers a busy server.
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final int RETRIES = 5;
    private static final Duration RETRY_DELAY = Duration.ofMillis(200);
    private static final String USER = "X-Trino-User";
    private static final String SOURCE = "X-Trino-Source";
    private static final String AUTHORIZATION = "Authorization";

    private final HttpClient http;
    private final URI server;
    private final Credentials credentials;
    private final BufferAllocator allocator;
    private final TrinoSessionState session;
    private final AtomicReference<URI> current = new AtomicReference<>();
    private volatile boolean canceled;

    TrinoConnection(HttpClient http, URI server, Credentials credentials, TrinoSessionState session,
            BufferAllocator allocator) {
        this.http = requireNonNull(http, "http is null");
        this.server = requireNonNull(server, "server is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.session = requireNonNull(session, "session is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
    }

    /**
     * Connects to {@code http://host:port} or, with TLS, {@code https://host:port}, and checks that a Trino endpoint
     * answers there. The credentials go with every request; the server caches a Basic login.
     */
    static TrinoConnection open(BufferAllocator allocator, ConnectionSettings settings)
            throws IOException, InterruptedException {
        requireNonNull(allocator, "allocator is null");
        requireNonNull(settings, "settings is null");
        URI server;
        try {
            server = new URI(settings.tls().enabled() ? "https" : "http", null, settings.host(), settings.port(),
                    null, null, null);
        } catch (URISyntaxException e) {
            throw new SqeException(ErrorCode.INVALID_ARGUMENTS, "not a valid host name: " + settings.host(), e);
        }
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.tls().enabled()) {
            http.sslContext(settings.tls().sslContext());
        }
        TrinoConnection connection = new TrinoConnection(http.build(), server, settings.credentials(),
                new TrinoSessionState(settings.catalog(), settings.schema()), allocator);
        try {
            connection.send(connection.request(server.resolve("/v1/info")).GET());
        } catch (IOException e) {
            Optional<SqeException> explained = ErrorMessages.connectFailure(e, settings);
            if (explained.isPresent()) {
                throw explained.get();
            }
            throw e;
        }
        return connection;
    }

    /** Connects over plain HTTP as {@code user}, without a password. */
    static TrinoConnection open(BufferAllocator allocator, String host, int port, String user)
            throws IOException, InterruptedException {
        return open(allocator, ConnectionSettings.plain(host, port, user));
    }

    /** The session as the server last reported it. */
    TrinoSessionState session() {
        return session;
    }

    @Override
    public Optional<Long> execute(String sql, ResultPrinter printer) throws IOException, InterruptedException {
        requireNonNull(sql, "sql is null");
        requireNonNull(printer, "printer is null");
        canceled = false;
        boolean finished = false;
        try {
            HttpRequest.Builder post = request(server.resolve("/v1/statement"))
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8));
            Optional<Long> result = follow(send(post), printer);
            finished = true;
            return result;
        } finally {
            URI next = current.getAndSet(null);
            if (!finished && next != null) {
                // The statement failed on this side (a printer, an interrupt): free it on the server too.
                delete(next);
            }
        }
    }

    /**
     * Polls until the statement ends. A statement with an {@code updateType} (DDL, {@code USE}, {@code INSERT}, …)
     * answers with its update count, as over Flight SQL, and prints nothing; its {@code rows} column is not a result.
     */
    private Optional<Long> follow(JsonNode results, ResultPrinter printer) throws IOException, InterruptedException {
        TrinoPageDecoder decoder = null;
        boolean update = false;
        long rows = 0;
        while (true) {
            // Known before the rows are printed, so that Ctrl-C while printing cancels with the current token.
            Optional<URI> next = results.path("nextUri").isTextual()
                    ? Optional.of(sameOrigin(results.path("nextUri").asText())) : Optional.empty();
            current.set(next.orElse(null));
            update = update || (decoder == null && results.path("updateType").isTextual());
            if (!update && decoder == null && results.path("columns").isArray()) {
                decoder = TrinoPageDecoder.of(results.path("columns"));
                printer.start(decoder.schema());
            }
            JsonNode data = results.path("data");
            if (data.isArray() && !data.isEmpty()) {
                if (update) {
                    rows += data.path(0).path(0).asLong(0);
                } else if (decoder == null) {
                    throw unexpected("rows arrived before their columns");
                } else {
                    try (VectorSchemaRoot root = decoder.decode(data, allocator)) {
                        printer.batch(root);
                    }
                }
            }
            if (results.hasNonNull("error")) {
                throw queryError(results.path("error"));
            }
            if (next.isEmpty()) {
                break;
            }
            if (canceled) {
                // Ctrl-C may have come before this nextUri was known, when there was nothing to delete yet.
                delete(next.get());
                throw canceledError();
            }
            results = send(request(next.get()).GET());
        }
        if (decoder == null) {
            return Optional.of(results.path("updateCount").asLong(rows));
        }
        printer.finish();
        return Optional.empty();
    }

    /** Cancels the running statement: {@code DELETE} on its {@code nextUri}, as Trino's clients do. */
    @Override
    public void cancelCurrent() {
        canceled = true;
        URI next = current.get();
        if (next != null) {
            delete(next);
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close before Java 21; its threads are daemons and end with the CLI.
        cancelCurrent();
    }

    /** {@code nextUri} as a URI on the server's origin; a server must not redirect the client anywhere else. */
    URI sameOrigin(String nextUri) {
        URI uri;
        try {
            uri = server.resolve(new URI(nextUri));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw unexpected("nextUri is not a URI: " + nextUri);
        }
        boolean same = server.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
                && server.getHost().equalsIgnoreCase(String.valueOf(uri.getHost()))
                && port(server) == port(uri);
        if (!same) {
            throw new SqeException(ErrorCode.ACCESS_DENIED, "refusing to follow nextUri " + uri
                    + ": it is not on " + server + ", the server this client connected to");
        }
        return uri;
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header(USER, credentials.user())
                .header(SOURCE, "sqe-cli")
                .header("User-Agent", "sqe-cli");
        credentials.authorizationHeader().ifPresent(value -> request.header(AUTHORIZATION, value));
        session.addTo(request);
        return request;
    }

    private JsonNode send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpRequest request = builder.build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = response.statusCode();
            if (status != 200 && canceled) {
                // The poll in flight when Ctrl-C deleted the query: the server no longer knows the token.
                throw canceledError();
            }
            if ((status == 502 || status == 503 || status == 504) && attempt < RETRIES) {
                // Trino's clients retry these: the server (or a proxy) is busy, not failing.
                Thread.sleep(RETRY_DELAY.toMillis() * attempt);
                continue;
            }
            if (status == 401) {
                // The body is the server's reason; WWW-Authenticate only names the schemes the CLI already knows.
                String reason = firstLine(response.body());
                throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED"
                        + (reason.isEmpty() ? ": the server requires a login" : reason)
                        + (credentials.hasSecret() ? "" : ErrorMessages.LOGIN_HINT));
            }
            if (status != 200) {
                ErrorCode code = status >= 400 && status < 500 ? ErrorCode.INVALID_REQUEST : ErrorCode.INTERNAL_ERROR;
                throw new SqeException(code, "the server answered HTTP " + status + " to " + request.method() + " "
                        + request.uri().getPath() + firstLine(response.body()) + " (is " + server
                        + " SQE's Trino port?)");
            }
            session.apply(response.headers());
            try {
                return JSON.readTree(response.body());
            } catch (JsonProcessingException e) {
                throw unexpected("the answer to " + request.uri().getPath() + " is not JSON");
            }
        }
    }

    private void delete(URI uri) {
        // Asynchronous: a Ctrl-C handler must not block, and the poll in flight ends when the query does.
        http.sendAsync(request(uri).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String firstLine(String body) {
        String line = body.strip().lines().findFirst().orElse("");
        if (line.isEmpty()) {
            return "";
        }
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
    }

    /** Trino's error, printed as the server names it: {@code ERROR_NAME: message}. */
    static SqeException queryError(JsonNode error) {
        String name = error.path("errorName").asText("GENERIC_INTERNAL_ERROR");
        String message = error.path("message").asText("");
        return new SqeException(errorCode(name, error.path("errorType").asText("")), name + ": " + message);
    }

    private static ErrorCode errorCode(String name, String type) {
        try {
            return ErrorCode.valueOf(name);
        } catch (IllegalArgumentException e) {
            if (name.equals("PERMISSION_DENIED")) {
                return ErrorCode.ACCESS_DENIED;
            }
            return type.toUpperCase(Locale.ROOT).equals("USER_ERROR") ? ErrorCode.GENERIC_USER_ERROR
                    : ErrorCode.INTERNAL_ERROR;
        }
    }

    private static SqeException canceledError() {
        return new SqeException(ErrorCode.USER_CANCELED, "query canceled");
    }

    private static SqeException unexpected(String message) {
        return new SqeException(ErrorCode.INTERNAL_ERROR, "unexpected answer from the Trino endpoint: " + message);
    }
}
