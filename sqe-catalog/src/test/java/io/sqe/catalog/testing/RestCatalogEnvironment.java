package io.sqe.catalog.testing;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.testing.RestCatalogServer.CredentialVending;
import io.sqe.core.config.CatalogConfig;
import io.sqe.core.config.Secret;
import io.sqe.core.config.StorageConfig;
import io.sqe.core.session.Login;
import io.sqe.core.session.Session;
import io.sqe.core.session.SessionUser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * S3Proxy, an OpenID Connect provider and an Iceberg REST catalog wired together, for tests of SQE against a REST
 * catalog with per-user grants and vended credentials. Start one per test class; close it after.
 */
public final class RestCatalogEnvironment implements AutoCloseable {
    public static final String BUCKET = "lake";

    private final S3ProxyServer s3;
    private final OidcTestServer oidc;
    private final RestCatalogServer catalog;

    private RestCatalogEnvironment(S3ProxyServer s3, OidcTestServer oidc, RestCatalogServer catalog) {
        this.s3 = s3;
        this.oidc = oidc;
        this.catalog = catalog;
    }

    public static RestCatalogEnvironment start(Map<String, Set<String>> grants, CredentialVending vending) {
        requireNonNull(grants, "grants is null");
        requireNonNull(vending, "vending is null");
        S3ProxyServer s3 = S3ProxyServer.start();
        OidcTestServer oidc = null;
        try {
            oidc = OidcTestServer.start();
            RestCatalogServer catalog = RestCatalogServer.start(s3, BUCKET, oidc, grants, vending);
            return new RestCatalogEnvironment(s3, oidc, catalog);
        } catch (RuntimeException e) {
            if (oidc != null) {
                oidc.close();
            }
            s3.close();
            throw e;
        }
    }

    public S3ProxyServer s3() {
        return s3;
    }

    public OidcTestServer oidc() {
        return oidc;
    }

    public RestCatalogServer catalog() {
        return catalog;
    }

    /** {@code [catalog]} for this REST catalog, named {@code iceberg}. */
    public CatalogConfig catalogConfig() {
        return CatalogConfig.embedded(java.nio.file.Path.of(CatalogConfig.DEFAULT_WAREHOUSE))
                .withRest(catalog.uri(), "s3://" + BUCKET + "/warehouse");
    }

    /** {@code [storage]} for S3Proxy without static keys: only vended credentials can reach the files. */
    public StorageConfig storageConfig(boolean requireVendedCredentials) {
        return new StorageConfig(Optional.of(s3.endpoint()), S3ProxyServer.REGION, true, new Secret(""),
                new Secret(""), requireVendedCredentials);
    }

    /** A session of {@code user} with a fresh token from the identity provider, valid for an hour. */
    public Session session(String user) {
        return session(user, oidc.token(user), Instant.now().plus(Duration.ofHours(1)));
    }

    /** A session of {@code user} presenting {@code token}. */
    public static Session session(String user, String token, Instant expiresAt) {
        Login login = new Login(SessionUser.of(user), Optional.of(new TestDelegatedToken(token, expiresAt)));
        return new Session(UUID.randomUUID().toString(), login, "127.0.0.1", "test", ZoneId.of("UTC"), "iceberg",
                Optional.empty());
    }

    /** A session with no delegated token, as with authentication off. */
    public static Session anonymousSession(String user) {
        return new Session(SessionUser.of(user), "127.0.0.1", "test", "iceberg", Optional.empty());
    }

    @Override
    public void close() {
        try {
            catalog.close();
        } finally {
            try {
                oidc.close();
            } finally {
                s3.close();
            }
        }
    }
}
