package io.sqe.auth;

import static java.util.Objects.requireNonNull;

import io.sqe.core.config.Secret;
import io.sqe.core.session.DelegatedToken;
import java.time.Duration;
import java.time.Instant;

/**
 * The delegated token of a client that authenticated with its own JWT: SQE has no refresh token for it, so it is
 * used as is until its {@code exp}, and the session holding it ends then. Immutable.
 */
public final class ExpiringToken implements DelegatedToken {
    private final Secret accessToken;
    private final Instant expiresAt;

    public ExpiringToken(Secret accessToken, Instant expiresAt) {
        this.accessToken = requireNonNull(accessToken, "accessToken is null");
        this.expiresAt = requireNonNull(expiresAt, "expiresAt is null");
    }

    @Override
    public Secret accessToken() {
        return accessToken;
    }

    @Override
    public Instant expiresAt() {
        return expiresAt;
    }

    /** Nothing to refresh: usable while it has not expired. */
    @Override
    public boolean refreshIfDue(Instant now, Duration buffer) {
        requireNonNull(now, "now is null");
        requireNonNull(buffer, "buffer is null");
        return now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "ExpiringToken{expiresAt=" + expiresAt + "}";
    }
}
