package io.sqe.auth;

import static java.util.Objects.requireNonNull;

import io.sqe.core.session.SessionUser;
import java.time.Instant;

/**
 * What a valid access token says.
 *
 * @param user the user, with the roles and groups from the token's claims
 * @param expiresAt the token's {@code exp}
 */
public record ValidatedToken(SessionUser user, Instant expiresAt) {
    public ValidatedToken {
        requireNonNull(user, "user is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }
}
