package io.sqe.core.session;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long sessions live and how many may exist at once.
 *
 * @param idleTimeout a session unused for this long is closed
 * @param maxLifetime a session is closed this long after it was created, however busy it is
 * @param maxSessions the most sessions that may be open at once
 */
public record SessionLimits(Duration idleTimeout, Duration maxLifetime, int maxSessions) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(1);
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
    public static final int DEFAULT_MAX_SESSIONS = 10_000;

    public SessionLimits {
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(maxLifetime, "maxLifetime is null");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("maxLifetime must be positive: " + maxLifetime);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1: " + maxSessions);
        }
    }

    public static SessionLimits defaults() {
        return new SessionLimits(DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_LIFETIME, DEFAULT_MAX_SESSIONS);
    }
}
