package io.sqe.coordinator.server;

import static java.util.Objects.requireNonNull;

import io.sqe.core.concurrent.NamedThreadFactory;
import io.sqe.core.config.AuthConfig;
import io.sqe.core.session.AllowAllAuthenticator;
import io.sqe.core.session.Authenticator;
import io.sqe.core.session.LoginObserver;
import io.sqe.core.session.LoginThrottle;
import io.sqe.core.session.SessionLimits;
import io.sqe.core.session.SessionManager;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's sessions, built from {@code [auth]}, and the background task that ends expired sessions and refreshes
 * the identity-provider tokens of live ones before they expire.
 */
final class SessionService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    private static final Duration MAX_MAINTENANCE_INTERVAL = Duration.ofSeconds(5);

    private final SessionManager sessions;
    private final ScheduledExecutorService maintenance;

    private SessionService(SessionManager sessions, Duration interval) {
        this.sessions = sessions;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("sqe-sessions", 0));
        maintenance.scheduleWithFixedDelay(this::maintain, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    static SessionService start(AuthConfig config, Authenticator authenticator, LoginObserver observer) {
        requireNonNull(config, "config is null");
        requireNonNull(authenticator, "authenticator is null");
        Clock clock = Clock.systemUTC();
        SessionManager sessions = new SessionManager(authenticator,
                new SessionLimits(config.sessionIdleTimeout(), config.sessionMaxLifetime(), config.maxSessions()),
                new LoginThrottle(config.maxFailedLogins(), config.failedLoginWindow(), clock),
                config.tokenRefreshBuffer(), clock, observer);
        // Check at least twice within the refresh buffer, so a token is refreshed before it expires.
        Duration interval = config.tokenRefreshBuffer().dividedBy(2);
        if (interval.isZero() || interval.compareTo(MAX_MAINTENANCE_INTERVAL) > 0) {
            interval = MAX_MAINTENANCE_INTERVAL;
        }
        return new SessionService(sessions, interval);
    }

    /** Authentication off: any declared user. */
    static SessionService allowAll(AuthConfig config, LoginObserver observer) {
        return start(config, new AllowAllAuthenticator(), observer);
    }

    SessionManager sessions() {
        return sessions;
    }

    private void maintain() {
        try {
            sessions.maintain();
        } catch (RuntimeException e) {
            log.warn("Session maintenance failed; retrying at the next interval", e);
        }
    }

    @Override
    public void close() {
        maintenance.shutdownNow();
    }
}
