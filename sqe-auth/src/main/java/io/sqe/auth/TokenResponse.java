package io.sqe.auth;

import static java.util.Objects.requireNonNull;

import io.sqe.core.config.Secret;
import java.time.Duration;
import java.util.Optional;

/**
 * A successful answer of the token endpoint. The tokens are {@link Secret}s, so {@code toString()} hides them.
 *
 * @param accessToken the access token (a JWT)
 * @param refreshToken the refresh token, when the provider issued one (Keycloak does for the password grant;
 *     some providers do not)
 * @param refreshExpiresIn how long the refresh token is valid, when the provider says so ({@code refresh_expires_in};
 *     Keycloak's 0 for offline tokens means "no fixed expiry" and is returned as empty)
 */
public record TokenResponse(Secret accessToken, Optional<Secret> refreshToken, Optional<Duration> refreshExpiresIn) {
    public TokenResponse {
        requireNonNull(accessToken, "accessToken is null");
        requireNonNull(refreshToken, "refreshToken is null");
        requireNonNull(refreshExpiresIn, "refreshExpiresIn is null");
        if (accessToken.isEmpty()) {
            throw new IllegalArgumentException("access token is empty");
        }
    }
}
