package io.sqe.trino;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.sqe.core.engine.QueryEngine;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Login;
import io.sqe.core.session.Session;
import io.sqe.core.session.SessionManager;
import io.sqe.core.session.SessionUser;
import io.sqe.core.tls.PemKeyStore;
import java.security.KeyStore;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Trino client protocol endpoint: {@code POST /v1/statement}, {@code GET} and {@code DELETE} on the
 * {@code nextUri} it hands out, {@code GET /v1/info} and the query's {@code infoUri}. A failed query is still an
 * HTTP 200 whose body carries the error; only protocol mistakes (a missing user, a stale token) get other statuses.
 * Who the caller is comes from {@link HttpAuthentication}; only a query's owner may poll, cancel or inspect it. With
 * {@code [coordinator.tls]} the endpoint speaks HTTPS only.
 */
public final class TrinoProtocolServer implements AutoCloseable {
    /** The Trino release whose protocol this endpoint speaks, as {@code /v1/info} reports it. */
    public static final String PROTOCOL_VERSION = "476";

    private static final Logger log = LoggerFactory.getLogger(TrinoProtocolServer.class);
    private static final String JSON_TYPE = "application/json";
    private static final JsonFactory JSON = new JsonFactory();
    /** Protects the key inside the in-memory key store only; the PEM files are what an operator secures. */
    private static final char[] KEY_STORE_PASSWORD = "sqe-in-memory".toCharArray();

    private final String defaultCatalog;
    private final HttpAuthentication authentication;
    private final QueryTracker tracker;
    private final long startedMillis = System.currentTimeMillis();
    private final Javalin javalin;

    private TrinoProtocolServer(TrinoServerOptions options, QueryEngine engine, SessionManager sessions,
            String defaultCatalog) {
        this.defaultCatalog = requireNonNull(defaultCatalog, "defaultCatalog is null");
        this.authentication = new HttpAuthentication(sessions, defaultCatalog);
        Optional<KeyStore> keyStore = options.tls().enabled()
                ? Optional.of(PemKeyStore.load(options.tls().certificateChain().orElseThrow(),
                        options.tls().privateKey().orElseThrow(), KEY_STORE_PASSWORD))
                : Optional.empty();
        this.tracker = new QueryTracker(new StatementRunner(engine), options.maxRunningQueries(),
                options.queryIdleTimeout(), options.reapInterval());
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = options.host();
            config.jetty.port = options.port();
            keyStore.ifPresent(store -> config.jetty.addConnector(
                    (server, http) -> httpsConnector(server, http, store, options.host(), options.port())));
            config.routes.post("/v1/statement", this::submit);
            config.routes.get("/v1/statement/executing/{id}/{slug}/{token}", this::poll);
            config.routes.delete("/v1/statement/executing/{id}/{slug}/{token}", this::cancel);
            config.routes.get("/v1/info", this::info);
            config.routes.get("/v1/query/{id}", this::queryInfo);
        });
    }

    /**
     * Starts the endpoint; {@code sessions} authenticates callers, {@code defaultCatalog} is the catalog of requests
     * that name none.
     */
    public static TrinoProtocolServer start(TrinoServerOptions options, QueryEngine engine, SessionManager sessions,
            String defaultCatalog) {
        requireNonNull(options, "options is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(sessions, "sessions is null");
        TrinoProtocolServer server = new TrinoProtocolServer(options, engine, sessions, defaultCatalog);
        try {
            server.javalin.start();
        } catch (RuntimeException e) {
            server.tracker.close();
            throw e;
        }
        log.info("Trino protocol endpoint listening on {}://{}:{}", options.tls().enabled() ? "https" : "http",
                options.host(), server.port());
        return server;
    }

    private static Connector httpsConnector(Server server, HttpConfiguration http, KeyStore keyStore, String host,
            int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(new String(KEY_STORE_PASSWORD));
        HttpConfiguration https = new HttpConfiguration(http);
        // Clients reach the server by many names (127.0.0.1, localhost, a load balancer): do not insist the
        // certificate's name matches the Host header; clients verify the certificate themselves.
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    public int port() {
        return javalin.port();
    }

    /** Queries the endpoint still tracks (running, or finished and recently answered). */
    public int trackedQueries() {
        return tracker.size();
    }

    @Override
    public void close() {
        try {
            javalin.stop();
        } finally {
            tracker.close();
        }
    }

    private void submit(Context context) {
        Optional<HttpAuthentication.Caller> caller = authentication.authenticate(context);
        if (caller.isEmpty() && authentication.required()) {
            return;
        }
        ClientRequest request;
        try {
            request = ClientRequest.from(name -> headers(context, name), context.ip());
        } catch (SqeException e) {
            context.status(400).contentType("text/plain").result(e.getMessage());
            return;
        }
        if (caller.isPresent()) {
            request = request.withUser(caller.get().user());
        }
        String sql = context.body();
        if (sql.isBlank()) {
            context.status(400).contentType("text/plain").result("SQL statement is empty");
            return;
        }
        Login login = caller.map(HttpAuthentication.Caller::login).orElse(Login.of(SessionUser.of(request.user())));
        Session session = new Session(UUID.randomUUID().toString(), login, request.clientAddress(), "trino", request.timeZone(), request.catalog().orElse(defaultCatalog),
                request.schema());
        TrinoQuery query = tracker.submit(request, sql, session);
        log.debug("Query {} from {} ({})", query.id(), request.user(), request.source().orElse("unknown source"));
        send(context, query.initialResponse(baseUri(context)));
    }

    private void poll(Context context) {
        Optional<TrinoQuery> query = ownedQuery(context);
        if (query.isPresent()) {
            long token;
            try {
                token = Long.parseLong(context.pathParam("token"));
            } catch (NumberFormatException e) {
                context.status(404);
                return;
            }
            send(context, query.get().poll(token, baseUri(context)));
        }
    }

    private void cancel(Context context) {
        ownedQuery(context).ifPresent(query -> {
            tracker.cancel(query);
            context.status(204);
        });
    }

    /** The query named by the path; answers 401 (who?), 404 (unknown) or 403 (another user's) itself. */
    private Optional<TrinoQuery> ownedQuery(Context context) {
        return owned(context, tracker.find(context.pathParam("id"), context.pathParam("slug")));
    }

    private Optional<TrinoQuery> owned(Context context, Optional<TrinoQuery> query) {
        Optional<HttpAuthentication.Caller> caller = authentication.authenticate(context);
        if (caller.isEmpty() && authentication.required()) {
            return Optional.empty();
        }
        if (query.isEmpty()) {
            context.status(404).contentType("text/plain").result("Query not found");
            return Optional.empty();
        }
        // With authentication off a client that sends no user may still poll (the query id is unguessable).
        if (caller.isPresent() && !caller.get().user().equals(query.get().request().user())) {
            context.status(403).contentType("text/plain").result("Access Denied: the query belongs to another user");
            return Optional.empty();
        }
        return query;
    }

    private void info(Context context) {
        long uptimeMillis = System.currentTimeMillis() - startedMillis;
        context.contentType(JSON_TYPE).result(json(json -> {
            json.writeObjectFieldStart("nodeVersion");
            json.writeStringField("version", PROTOCOL_VERSION);
            json.writeEndObject();
            json.writeStringField("environment", "sqe");
            json.writeBooleanField("coordinator", true);
            json.writeBooleanField("starting", false);
            json.writeStringField("uptime", String.format(java.util.Locale.ROOT, "%.2fs", uptimeMillis / 1000.0));
        }));
    }

    private void queryInfo(Context context) {
        Optional<TrinoQuery> found = owned(context, tracker.find(context.pathParam("id")));
        if (found.isEmpty()) {
            return;
        }
        TrinoQuery query = found.get();
        context.contentType(JSON_TYPE).result(json(json -> {
            json.writeStringField("queryId", query.id());
            json.writeStringField("state", query.state().name());
            json.writeStringField("query", query.sql());
            json.writeObjectFieldStart("session");
            json.writeStringField("user", query.request().user());
            json.writeStringField("catalog", query.session().catalog());
            if (query.session().schema().isPresent()) {
                json.writeStringField("schema", query.session().schema().get());
            }
            json.writeEndObject();
        }));
    }

    private static void send(Context context, ProtocolResponse response) {
        context.status(response.status());
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            for (String value : header.getValue()) {
                context.res().addHeader(header.getKey(), value);
            }
        }
        if (response.body().length > 0) {
            context.contentType(JSON_TYPE).result(response.body());
        }
    }

    private static List<String> headers(Context context, String name) {
        return Collections.list(context.req().getHeaders(name));
    }

    /** Where the client reached us, so that nextUri and infoUri point back the same way. */
    private static URI baseUri(Context context) {
        return URI.create(context.scheme() + "://" + context.host() + "/");
    }

    @FunctionalInterface
    private interface JsonBody {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] json(JsonBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
