package io.sqe.catalog.rest;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.sqe.catalog.CatalogCallObserver;
import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.SessionCatalogs;
import io.sqe.core.config.CatalogConfig;
import io.sqe.core.config.StorageConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.DelegatedToken;
import io.sqe.core.session.Session;
import io.sqe.core.session.SessionManager;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.SessionCatalog.SessionContext;
import org.apache.iceberg.rest.RESTSessionCatalog;
import org.apache.iceberg.rest.auth.AuthProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Iceberg REST catalog seen through each user's own bearer token, so the catalog's answer about what a user may
 * list, load and write is final.
 *
 * <p>One {@link RESTSessionCatalog} serves every user; it has no credential of its own. Each user identity (user
 * name plus the SHA-256 fingerprint of the current access token, never the name alone) gets a {@link SessionCatalog}
 * over {@code asCatalog(SessionContext)} whose context carries that token and uses the fingerprint as its session id,
 * which is also the key of Iceberg's table cache. A refreshed token is a new identity; the old one's view expires
 * shortly after the old token does. {@link DelegatedTokenAuthManager} sends each call with its context's token and
 * never refreshes or exchanges tokens against the catalog: the coordinator refreshes them with the identity provider.
 *
 * <p>Table files are read and written through {@code S3FileIO} configured from {@code [storage]}, with the
 * credentials the catalog vends per table on top ({@link StorageCredentials}); with
 * {@code require_vended_credentials} a table without vended credentials is refused with
 * {@link ErrorCode#ACCESS_DENIED}.
 *
 * <p>The catalog must answer {@code GET /v1/config} without a token: SQE fetches the catalog's configuration once,
 * on the first use, before any user is involved, and readiness checks it.
 */
public final class RestSessionCatalogs implements SessionCatalogs {
    private static final Logger log = LoggerFactory.getLogger(RestSessionCatalogs.class);

    public static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";
    /** How long a user's view outlives the token it was made for (statements that started just before expiry). */
    static final Duration EXPIRY_GRACE = Duration.ofSeconds(30);
    private static final long MAX_VIEWS = 10_000;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final CatalogConfig config;
    private final StorageConfig storage;
    private final CatalogCallObserver observer;
    private final Clock clock;
    private final URI uri;
    private final Cache<UserIdentity, UserView> views;
    private final HttpClient probeClient;
    private RESTSessionCatalog restCatalog;
    private SessionCatalog anonymousView;
    private boolean closed;

    public RestSessionCatalogs(CatalogConfig config, StorageConfig storage, CatalogCallObserver observer) {
        this(config, storage, observer, Clock.systemUTC());
    }

    RestSessionCatalogs(CatalogConfig config, StorageConfig storage, CatalogCallObserver observer, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.observer = requireNonNull(observer, "observer is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (config.type() != CatalogConfig.CatalogType.REST) {
            throw new IllegalArgumentException("catalog " + config.name() + " is not a REST catalog");
        }
        this.uri = config.uri().orElseThrow();
        this.views = Caffeine.newBuilder()
                .maximumSize(MAX_VIEWS)
                .expireAfter(new UntilTokenExpiry(clock))
                .build();
        this.probeClient = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    }

    /** The Iceberg catalog properties for {@code config} and {@code storage}; may hold static keys: never log. */
    static Map<String, String> catalogProperties(CatalogConfig config, StorageConfig storage) {
        // A mutable map: Iceberg looks up null keys in it, which Map.of() rejects.
        Map<String, String> properties = new HashMap<>(storage.fileIoProperties());
        properties.put(CatalogProperties.URI, config.uri().orElseThrow().toString());
        properties.put(CatalogProperties.WAREHOUSE_LOCATION, config.warehouse());
        properties.put(CatalogProperties.FILE_IO_IMPL, S3_FILE_IO);
        // The JDK's URL connection client: the only HTTP client SQE ships for the AWS SDK.
        properties.put("http-client.type", "urlconnection");
        properties.put(AuthProperties.AUTH_TYPE, DelegatedTokenAuthManager.class.getName());
        // Belt and braces should the auth type ever fall back to OAuth2: never refresh tokens against the catalog.
        properties.put("token-refresh-enabled", "false");
        // Reports would go out under the user's token with nobody reading them.
        properties.put("rest-metrics-reporting-enabled", "false");
        return properties;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public SessionCatalog forSession(Session session) {
        requireNonNull(session, "session is null");
        if (session.delegatedToken().isEmpty()) {
            return anonymousView();
        }
        DelegatedToken token = session.delegatedToken().get();
        String accessToken = token.accessToken().value();
        UserIdentity identity = new UserIdentity(session.user().name(), SessionManager.fingerprint(accessToken));
        return views.get(identity, key -> newView(key, accessToken, token.expiresAt())).catalog();
    }

    /**
     * The view of a session without a user token: it plans statements that read no table (the planner warm-up), and
     * every catalog call it would make fails with AUTHENTICATION_FAILED.
     */
    private synchronized SessionCatalog anonymousView() {
        if (anonymousView == null) {
            SessionContext context = new SessionContext("anonymous", "anonymous", Collections.emptyMap(),
                    Collections.emptyMap());
            anonymousView = new SessionCatalog(config.name(),
                    new RestUserCatalog(restCatalog().asCatalog(context), config.name(),
                            storage.requireVendedCredentials()),
                    observer);
        }
        return anonymousView;
    }

    private UserView newView(UserIdentity identity, String accessToken, Instant expiresAt) {
        SessionContext context = new SessionContext(
                identity.fingerprint(),
                identity.user(),
                Map.of(DelegatedTokenAuthManager.TOKEN, accessToken),
                Collections.emptyMap());
        RestUserCatalog catalog = new RestUserCatalog(
                restCatalog().asCatalog(context), config.name(), storage.requireVendedCredentials());
        return new UserView(new SessionCatalog(config.name(), catalog, observer), expiresAt);
    }

    /** Iceberg's REST catalog, initialised (which fetches the catalog's configuration) on first use. */
    private synchronized RESTSessionCatalog restCatalog() {
        if (closed) {
            throw new IllegalStateException("catalog " + config.name() + " is closed");
        }
        if (restCatalog == null) {
            RESTSessionCatalog catalog = new RESTSessionCatalog();
            try {
                catalog.initialize(config.name(), catalogProperties(config, storage));
            } catch (RuntimeException e) {
                closeQuietly(catalog, e);
                throw new SqeException(
                        ErrorCode.CATALOG_UNAVAILABLE,
                        "Cannot reach the REST catalog at " + uri + " (" + e.getClass().getSimpleName()
                                + "); check [catalog] uri and that the catalog is up",
                        e);
            }
            log.info("Connected to REST catalog '{}' at {}", config.name(), uri);
            restCatalog = catalog;
        }
        return restCatalog;
    }

    /** Whether {@code GET <uri>/v1/config} answers with success. */
    @Override
    public boolean reachable() {
        URI configUri = URI.create(stripTrailingSlash(uri.toString()) + "/v1/config?warehouse="
                + URLEncoder.encode(config.warehouse(), StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(configUri).timeout(PROBE_TIMEOUT).GET().build();
        try {
            HttpResponse<Void> response = probeClient.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The number of user views held now (for tests and metrics). */
    long cachedViews() {
        views.cleanUp();
        return views.estimatedSize();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        views.invalidateAll();
        if (restCatalog != null) {
            try {
                restCatalog.close();
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("Failed to close catalog " + config.name(), e);
            }
        }
    }

    private static String stripTrailingSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static void closeQuietly(RESTSessionCatalog catalog, RuntimeException failure) {
        try {
            catalog.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Who calls the catalog: a user and one of their tokens (by fingerprint, so the key holds no secret). */
    record UserIdentity(String user, String fingerprint) {
        UserIdentity {
            requireNonNull(user, "user is null");
            requireNonNull(fingerprint, "fingerprint is null");
        }
    }

    private record UserView(SessionCatalog catalog, Instant tokenExpiresAt) {}

    /** A view lives until its token expires, plus {@link #EXPIRY_GRACE}. */
    private static final class UntilTokenExpiry implements Expiry<UserIdentity, UserView> {
        private final Clock clock;

        UntilTokenExpiry(Clock clock) {
            this.clock = clock;
        }

        @Override
        public long expireAfterCreate(UserIdentity key, UserView value, long currentTime) {
            Duration remaining = Duration.between(clock.instant(), value.tokenExpiresAt().plus(EXPIRY_GRACE));
            return remaining.isNegative() ? 0 : saturatedNanos(remaining);
        }

        @Override
        public long expireAfterUpdate(UserIdentity key, UserView value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(UserIdentity key, UserView value, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private static long saturatedNanos(Duration duration) {
            try {
                return duration.toNanos();
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
    }
}
