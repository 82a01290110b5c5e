package io.sqe.auth;

import static java.util.Objects.requireNonNull;

import io.sqe.core.config.Secret;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.DelegatedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delegated token of a password login: the access token, the refresh token and their expiries, renewed through
 * the refresh-token grant shortly before the access token expires.
 *
 * <p>{@link #refreshIfDue} says whether the session may go on:
 *
 * <ul>
 *   <li>not due yet, or refreshed: true;
 *   <li>the provider refused the refresh token ({@code invalid_grant}), the refresh token itself expired, there is
 *       no refresh token and the access token expired, or the refreshed token names another user: false;
 *   <li>the provider is unavailable: the session is kept while the current access token is still valid (true),
 *       and ends once it has expired (false); the next call tries again.
 * </ul>
 *
 * <p>Thread-safe: the tokens are replaced together, atomically. {@code toString()} shows no token.
 */
public final class RefreshingToken implements DelegatedToken {
    private static final Logger log = LoggerFactory.getLogger(RefreshingToken.class);

    private final String user;
    private final TokenEndpointClient tokenEndpoint;
    private final JwtValidator validator;
    private volatile State state;

    /**
     * @param response the token endpoint's answer to the login
     * @param receivedAt when that answer arrived (the refresh token's lifetime counts from then)
     * @param accessExpiresAt the validated access token's {@code exp}
     * @param user the user the access token names; refreshed tokens must name the same one
     */
    public RefreshingToken(TokenResponse response, Instant receivedAt, Instant accessExpiresAt, String user,
            TokenEndpointClient tokenEndpoint, JwtValidator validator) {
        requireNonNull(response, "response is null");
        requireNonNull(receivedAt, "receivedAt is null");
        requireNonNull(accessExpiresAt, "accessExpiresAt is null");
        this.user = requireNonNull(user, "user is null");
        this.tokenEndpoint = requireNonNull(tokenEndpoint, "tokenEndpoint is null");
        this.validator = requireNonNull(validator, "validator is null");
        this.state = State.of(response, receivedAt, accessExpiresAt, Optional.empty());
    }

    @Override
    public Secret accessToken() {
        return state.accessToken;
    }

    @Override
    public Instant expiresAt() {
        return state.accessExpiresAt;
    }

    /** When the refresh token expires, if the provider said so. */
    public Optional<Instant> refreshExpiresAt() {
        return state.refreshExpiresAt;
    }

    /** Whether the provider issued a refresh token. */
    public boolean refreshable() {
        return state.refreshToken.isPresent();
    }

    @Override
    public synchronized boolean refreshIfDue(Instant now, Duration buffer) {
        requireNonNull(now, "now is null");
        requireNonNull(buffer, "buffer is null");
        State current = state;
        if (now.plus(buffer).isBefore(current.accessExpiresAt)) {
            return true;
        }
        if (current.refreshToken.isEmpty()) {
            return now.isBefore(current.accessExpiresAt);
        }
        if (current.refreshExpiresAt.map(expiry -> !now.isBefore(expiry)).orElse(false)) {
            log.info("The refresh token of user '{}' has expired; the session ends", user);
            return false;
        }
        return refresh(current, now);
    }

    private boolean refresh(State current, Instant now) {
        try {
            TokenResponse response = tokenEndpoint.refreshGrant(current.refreshToken.get());
            ValidatedToken validated = validator.validate(response.accessToken().value());
            if (!validated.user().name().equals(user)) {
                log.warn("A refreshed token names user '{}' instead of '{}'; the session ends",
                        validated.user().name(), user);
                return false;
            }
            state = State.of(response, now, validated.expiresAt(), Optional.of(current));
            log.debug("Refreshed the token of user '{}'; it now expires at {}", user, validated.expiresAt());
            return true;
        } catch (SqeException e) {
            if (e.errorCode() == ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE) {
                boolean stillValid = now.isBefore(current.accessExpiresAt);
                log.warn("Cannot refresh the token of user '{}' ({}); the session {}", user, e.getMessage(),
                        stillValid ? "goes on until " + current.accessExpiresAt : "ends");
                return stillValid;
            }
            log.info("The identity provider refused to refresh the token of user '{}': {}", user, e.getMessage());
            return false;
        }
    }

    @Override
    public String toString() {
        State current = state;
        return "RefreshingToken{user=" + user + ", expiresAt=" + current.accessExpiresAt + ", refreshable="
                + current.refreshToken.isPresent() + "}";
    }

    /** The tokens and expiries, replaced as one. */
    private static final class State {
        private final Secret accessToken;
        private final Instant accessExpiresAt;
        private final Optional<Secret> refreshToken;
        private final Optional<Instant> refreshExpiresAt;

        private State(Secret accessToken, Instant accessExpiresAt, Optional<Secret> refreshToken,
                Optional<Instant> refreshExpiresAt) {
            this.accessToken = accessToken;
            this.accessExpiresAt = accessExpiresAt;
            this.refreshToken = refreshToken;
            this.refreshExpiresAt = refreshExpiresAt;
        }

        /** A provider that rotates refresh tokens sends a new one; one that does not keeps the previous one valid. */
        static State of(TokenResponse response, Instant receivedAt, Instant accessExpiresAt, Optional<State> previous) {
            if (response.refreshToken().isPresent()) {
                return new State(response.accessToken(), accessExpiresAt, response.refreshToken(),
                        response.refreshExpiresIn().map(receivedAt::plus));
            }
            return new State(response.accessToken(), accessExpiresAt,
                    previous.flatMap(state -> state.refreshToken),
                    previous.flatMap(state -> state.refreshExpiresAt));
        }
    }
}
