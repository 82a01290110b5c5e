package io.sqe.catalog.testing;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A real OpenID Connect provider for tests (no.nav.security mock-oauth2-server) on 127.0.0.1 and a free port, with
 * one issuer, {@value #ISSUER_ID}, that mints signed per-user access tokens.
 */
public final class OidcTestServer implements AutoCloseable {
    public static final String ISSUER_ID = "sqe";
    public static final String AUDIENCE = "sqe";

    private final MockOAuth2Server server;

    private OidcTestServer(MockOAuth2Server server) {
        this.server = server;
    }

    public static OidcTestServer start() {
        MockOAuth2Server server = new MockOAuth2Server();
        server.start(InetAddress.getLoopbackAddress(), 0);
        return new OidcTestServer(server);
    }

    /** The issuer ({@code iss}) of every token minted here. */
    public String issuer() {
        return server.issuerUrl(ISSUER_ID).toString();
    }

    public URI jwksUri() {
        return URI.create(server.jwksUrl(ISSUER_ID).toString());
    }

    public URI discoveryUri() {
        return URI.create(server.wellKnownUrl(ISSUER_ID).toString());
    }

    /** A signed access token for {@code user} ({@code sub} and {@code preferred_username}), valid for an hour. */
    public String token(String user) {
        return token(user, Duration.ofHours(1));
    }

    /** A signed access token for {@code user} expiring after {@code lifetime}; negative for an expired one. */
    public String token(String user, Duration lifetime) {
        return server.issueToken(ISSUER_ID, user, AUDIENCE, Map.of("preferred_username", user),
                lifetime.toSeconds()).serialize();
    }

    /**
     * A signed hour-long access token for {@code user} with {@code roles} in {@code realm_access.roles}, where
     * Keycloak puts realm roles (SQE's default {@code [auth] roles_claim}).
     */
    public String token(String user, List<String> roles) {
        return server.issueToken(ISSUER_ID, user, AUDIENCE, claims(user, roles), 3600).serialize();
    }

    /**
     * Makes the next token request (a password grant, say) issue an hour-long access token for {@code user}, as a
     * real provider would after checking the password. The mock accepts any password.
     */
    public void expectLogin(String user) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, user, "JWT", List.of(AUDIENCE),
                Map.of("preferred_username", user), 3600));
    }

    /** {@link #expectLogin(String)} for a user with {@code roles} in {@code realm_access.roles}. */
    public void expectLogin(String user, List<String> roles) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, user, "JWT", List.of(AUDIENCE),
                claims(user, roles), 3600));
    }

    private static Map<String, Object> claims(String user, List<String> roles) {
        return Map.of("preferred_username", user, "realm_access", Map.of("roles", List.copyOf(roles)));
    }

    public MockOAuth2Server server() {
        return server;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
