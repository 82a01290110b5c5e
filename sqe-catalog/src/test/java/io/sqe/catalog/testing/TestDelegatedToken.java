package io.sqe.catalog.testing;

import static java.util.Objects.requireNonNull;

import io.sqe.core.config.Secret;
import io.sqe.core.session.DelegatedToken;
import java.time.Duration;
import java.time.Instant;

/** A user's access token as a client presented it: it is never refreshed and is usable until it expires. */
public final class TestDelegatedToken implements DelegatedToken {
    private final Secret accessToken;
    private final Instant expiresAt;

    public TestDelegatedToken(String accessToken, Instant expiresAt) {
        this.accessToken = new Secret(requireNonNull(accessToken, "accessToken is null"));
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

    @Override
    public boolean refreshIfDue(Instant now, Duration buffer) {
        return now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "TestDelegatedToken[" + accessToken + ", expiresAt=" + expiresAt + "]";
    }
}
