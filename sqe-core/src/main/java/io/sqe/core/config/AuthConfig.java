package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code [auth]}: who may connect. With {@link AuthType#NONE} (the embedded default) any declared user name is
 * accepted; with {@link AuthType#OIDC} every client authenticates against an OpenID Connect provider (Keycloak),
 * either with a user name and password (exchanged through the password grant) or with the provider's JWT.
 *
 * @param issuer the provider's issuer URL; its {@code .well-known/openid-configuration} names the endpoints
 * @param clientId the OAuth client SQE logs users in as
 * @param clientSecret that client's secret (empty for a public client)
 * @param audience the audience every accepted token must carry; defaults to {@code clientId}
 * @param userClaim the claim that names the user
 * @param rolesClaim a dotted path to the claim listing the user's roles, such as {@code realm_access.roles}
 * @param tokenRefreshBuffer a session's tokens are refreshed this long before they expire
 * @param jwksRefetchCooldown the least time between two fetches of the provider's keys (on an unknown key id)
 * @param sessionIdleTimeout a session unused this long ends
 * @param sessionMaxLifetime a session ends this long after it began, however busy
 * @param maxSessions the most sessions open at once
 * @param maxFailedLogins failed logins allowed per user, and per client address, within {@code failedLoginWindow}
 * @param failedLoginWindow the window failed logins are counted over
 */
public record AuthConfig(
        AuthType type,
        Optional<URI> issuer,
        String clientId,
        Secret clientSecret,
        Optional<String> audience,
        String userClaim,
        String rolesClaim,
        Duration tokenRefreshBuffer,
        Duration jwksRefetchCooldown,
        Duration sessionIdleTimeout,
        Duration sessionMaxLifetime,
        int maxSessions,
        int maxFailedLogins,
        Duration failedLoginWindow) {
    public static final String DEFAULT_CLIENT_ID = "sqe";
    public static final String DEFAULT_USER_CLAIM = "preferred_username";
    public static final String DEFAULT_ROLES_CLAIM = "realm_access.roles";

    public AuthConfig {
        requireNonNull(type, "type is null");
        requireNonNull(issuer, "issuer is null");
        requireNonNull(clientId, "clientId is null");
        requireNonNull(clientSecret, "clientSecret is null");
        requireNonNull(audience, "audience is null");
        requireNonNull(userClaim, "userClaim is null");
        requireNonNull(rolesClaim, "rolesClaim is null");
        requireNonNull(tokenRefreshBuffer, "tokenRefreshBuffer is null");
        requireNonNull(jwksRefetchCooldown, "jwksRefetchCooldown is null");
        requireNonNull(sessionIdleTimeout, "sessionIdleTimeout is null");
        requireNonNull(sessionMaxLifetime, "sessionMaxLifetime is null");
        requireNonNull(failedLoginWindow, "failedLoginWindow is null");
        if (type == AuthType.OIDC && issuer.isEmpty()) {
            throw new IllegalArgumentException("[auth] type = \"oidc\" needs an issuer");
        }
    }

    static AuthConfig from(ConfigSource.Section section) {
        AuthType type = section.getEnum("type", AuthType.class, AuthType.NONE);
        Optional<URI> issuer = section.getOptional("issuer").map(text -> parseIssuer(section, text));
        if (type == AuthType.OIDC && issuer.isEmpty()) {
            throw section.invalid("issuer", "required when type = \"oidc\" (the provider's issuer URL, such as "
                    + "https://keycloak.example.com/realms/sqe)");
        }
        String clientId = section.getString("client_id", DEFAULT_CLIENT_ID);
        return new AuthConfig(
                type,
                issuer,
                clientId,
                section.getSecret("client_secret"),
                section.getOptional("audience"),
                section.getString("user_claim", DEFAULT_USER_CLAIM),
                section.getString("roles_claim", DEFAULT_ROLES_CLAIM),
                Duration.ofSeconds(section.getLong("token_refresh_buffer_secs", 60, 0, 86_400)),
                Duration.ofSeconds(section.getLong("jwks_refetch_cooldown_secs", 30, 0, 86_400)),
                Duration.ofSeconds(section.getLong("session_idle_timeout_secs", 3_600, 1, 31_536_000)),
                Duration.ofSeconds(section.getLong("session_max_lifetime_secs", 86_400, 1, 31_536_000)),
                section.getInt("max_sessions", 10_000, 1, 10_000_000),
                section.getInt("max_failed_logins", 5, 1, 1_000_000),
                Duration.ofSeconds(section.getLong("failed_login_window_secs", 300, 1, 86_400)));
    }

    /** The audience accepted tokens must carry. */
    public String requiredAudience() {
        return audience.orElse(clientId);
    }

    public boolean enabled() {
        return type != AuthType.NONE;
    }

    /** Auth off (the embedded default). */
    public static AuthConfig none() {
        return from(ConfigSource.empty().section("auth"));
    }

    /** OIDC against {@code issuer} with the given client; everything else at its default. */
    public AuthConfig withOidc(URI newIssuer, String newClientId, Secret newClientSecret) {
        return new AuthConfig(AuthType.OIDC, Optional.of(newIssuer), newClientId, newClientSecret, audience, userClaim,
                rolesClaim, tokenRefreshBuffer, jwksRefetchCooldown, sessionIdleTimeout, sessionMaxLifetime,
                maxSessions, maxFailedLogins, failedLoginWindow);
    }

    public AuthConfig withAudience(String newAudience) {
        return new AuthConfig(type, issuer, clientId, clientSecret, Optional.of(newAudience), userClaim, rolesClaim,
                tokenRefreshBuffer, jwksRefetchCooldown, sessionIdleTimeout, sessionMaxLifetime, maxSessions,
                maxFailedLogins, failedLoginWindow);
    }

    public AuthConfig withTokenRefreshBuffer(Duration buffer) {
        return new AuthConfig(type, issuer, clientId, clientSecret, audience, userClaim, rolesClaim, buffer,
                jwksRefetchCooldown, sessionIdleTimeout, sessionMaxLifetime, maxSessions, maxFailedLogins,
                failedLoginWindow);
    }

    private static URI parseIssuer(ConfigSource.Section section, String text) {
        URI uri;
        try {
            uri = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw section.invalid("issuer", "'" + text + "' is not a URL");
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw section.invalid("issuer", "'" + text + "' is not an http(s) URL");
        }
        if ("http".equals(uri.getScheme()) && !isLoopback(uri.getHost())) {
            throw section.invalid("issuer", "'" + text + "' must use https (plain http is accepted only for "
                    + "127.0.0.1 and localhost, where tokens cannot be intercepted on the network)");
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1");
    }

    /** How clients authenticate. */
    public enum AuthType {
        /** No authentication: the client's declared user name is taken as is (embedded default). */
        NONE,
        /** OpenID Connect: password grant for user and password, JWT validation for bearer tokens. */
        OIDC
    }
}
