package io.sqe.auth;

import static java.util.Objects.requireNonNull;

import io.sqe.core.config.AuthConfig;
import io.sqe.core.config.Secret;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Authenticator;
import io.sqe.core.session.Login;
import io.sqe.core.session.SessionUser;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates users against an OpenID Connect provider.
 *
 * <ul>
 *   <li>A user name and password go through the password grant; the access token that comes back is validated
 *       like any other, and the login keeps it as a {@link RefreshingToken} for the catalog.
 *   <li>A bearer JWT is validated ({@link JwtValidator}) and kept as an {@link ExpiringToken}: SQE cannot refresh
 *       a token the client obtained itself.
 *   <li>Callers without credentials are refused.
 * </ul>
 *
 * <p>The provider may be down when the server starts: discovery is retried on use, and logins fail with
 * {@code IDENTITY_PROVIDER_UNAVAILABLE} until it answers. Thread-safe.
 */
public final class OidcAuthenticator implements Authenticator, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OidcAuthenticator.class);

    private final OidcProvider provider;
    private final TokenEndpointClient tokenEndpoint;
    private final JwtValidator validator;
    private final Clock clock;

    public OidcAuthenticator(OidcProvider provider, TokenEndpointClient tokenEndpoint, JwtValidator validator,
            Clock clock) {
        this.provider = requireNonNull(provider, "provider is null");
        this.tokenEndpoint = requireNonNull(tokenEndpoint, "tokenEndpoint is null");
        this.validator = requireNonNull(validator, "validator is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The authenticator for an {@code [auth]} section with {@code type = "oidc"}. Tries discovery once, only to log
     * whether the provider is reachable; it never fails because the provider is down.
     */
    public static OidcAuthenticator create(AuthConfig config) {
        return create(config, Clock.systemUTC());
    }

    static OidcAuthenticator create(AuthConfig config, Clock clock) {
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        if (config.type() != AuthConfig.AuthType.OIDC || config.issuer().isEmpty()) {
            throw new IllegalArgumentException("[auth] type must be \"oidc\" with an issuer, not " + config.type());
        }
        OidcProvider provider = new OidcProvider(config.issuer().get(), new IdentityProviderHttp(),
                OidcProvider.DEFAULT_RETRY_INTERVAL, clock);
        TokenEndpointClient tokenEndpoint = new TokenEndpointClient(provider, config.clientId(),
                config.clientSecret());
        JwtValidator validator = new JwtValidator(provider, config.requiredAudience(), config.userClaim(),
                config.rolesClaim(), config.jwksRefetchCooldown(), clock);
        log.info("OpenID Connect authentication against {} as client '{}' ({}), audience '{}'",
                config.issuer().get(), config.clientId(), config.clientSecret().isEmpty() ? "public" : "confidential",
                config.requiredAudience());
        provider.tryDiscover();
        return new OidcAuthenticator(provider, tokenEndpoint, validator, clock);
    }

    @Override
    public Login authenticate(String user, String password) {
        TokenResponse response = tokenEndpoint.passwordGrant(user, password);
        ValidatedToken validated;
        try {
            validated = validator.validate(response.accessToken().value());
        } catch (SqeException e) {
            if (e.errorCode() != ErrorCode.AUTHENTICATION_FAILED) {
                throw e;
            }
            // The password was right: a token SQE rejects means the provider or [auth] is misconfigured.
            throw new SqeException(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE, "the identity provider accepted the "
                    + "password but issued an access token SQE cannot accept (" + e.getMessage() + "); the "
                    + "administrator must fix the [auth] settings or the provider's client", e);
        }
        RefreshingToken token = new RefreshingToken(response, clock.instant(), validated.expiresAt(),
                validated.user().name(), tokenEndpoint, validator);
        return new Login(validated.user(), Optional.of(token));
    }

    @Override
    public Login authenticateBearer(String token) {
        ValidatedToken validated = validator.validate(token);
        return new Login(validated.user(), Optional.of(new ExpiringToken(new Secret(token.strip()),
                validated.expiresAt())));
    }

    @Override
    public SessionUser anonymous() {
        throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "this server requires authentication; log in with "
                + "a user name and password, or send the identity provider's access token as a bearer token");
    }

    @Override
    public boolean required() {
        return true;
    }

    /** The provider this authenticator uses. */
    public OidcProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        provider.close();
    }
}
