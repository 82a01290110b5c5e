package io.sqe.core.session;

import io.sqe.core.config.Secret;
import java.time.Duration;
import java.time.Instant;

/**
 * The user's own access token from the identity provider, which SQE passes on to the catalog so that the catalog
 * decides, per user, what may be listed and loaded. Implementations refresh it (refresh-token grant) or, for a
 * token the client presented itself, simply let it expire. The token is a secret: never log it.
 */
public interface DelegatedToken {
    /** The current access token. */
    Secret accessToken();

    /** When the current access token expires. */
    Instant expiresAt();

    /**
     * Refreshes the token when it expires within {@code buffer} of {@code now}. Called periodically by the
     * session manager, never concurrently for one token.
     *
     * @return false when the token can no longer be used (refresh failed, or it expired and cannot be refreshed):
     *     the session holding it ends
     */
    boolean refreshIfDue(Instant now, Duration buffer);
}
