package io.sqe.core.session;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import io.sqe.core.session.SessionUser;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens sessions and maps opaque bearer tokens to them. A token is 32 bytes from {@link SecureRandom} in
 * unpadded base64url, so it says nothing about the user. A session ends when it has been idle for
 * {@link SessionLimits#idleTimeout()}, when it is older than {@link SessionLimits#maxLifetime()}, or when it is
 * closed. Thread-safe.
 */
public final class SessionManager {
    private static final Logger log = LoggerFactory.getLogger(SessionManager.class);
    private static final int TOKEN_BYTES = 32;

    private final Authenticator authenticator;
    private final SessionLimits limits;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, Entry> sessions = new ConcurrentHashMap<>();

    public SessionManager(Authenticator authenticator, SessionLimits limits, Clock clock) {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Authentication off, default limits, the system clock. */
    public static SessionManager allowAll() {
        return new SessionManager(new AllowAllAuthenticator(), SessionLimits.defaults(), Clock.systemUTC());
    }

    /** Authenticates {@code user} with {@code password} and opens a session for them. */
    public IssuedSession login(String user, String password, SessionRequest request) {
        requireNonNull(request, "request is null");
        SessionUser sessionUser = authenticator.authenticate(user, password);
        return open(sessionUser, request);
    }

    /** Opens a session for a caller that sent no credentials, if the authenticator allows that. */
    public IssuedSession loginAnonymous(SessionRequest request) {
        requireNonNull(request, "request is null");
        return open(authenticator.anonymous(), request);
    }

    /**
     * The live session named by {@code token}; using it resets its idle timer.
     *
     * @throws SqeException AUTHENTICATION_FAILED when the token is unknown or the session has expired
     */
    public Session session(String token) {
        return find(token).orElseThrow(() -> new SqeException(ErrorCode.AUTHENTICATION_FAILED,
                "the session token is unknown or the session has expired; log in again"));
    }

    /** The live session named by {@code token}, if there is one; using it resets its idle timer. */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        Entry entry = sessions.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (entry.expired(now, limits)) {
            if (sessions.remove(token, entry)) {
                log.debug("Session {} expired", entry.session);
            }
            return Optional.empty();
        }
        entry.lastUsed = now;
        return Optional.of(entry.session);
    }

    /** Ends the session named by {@code token}; unknown tokens are ignored. */
    public void close(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    /** Sessions that are open and not yet known to have expired. */
    public int openSessions() {
        removeExpired();
        return sessions.size();
    }

    /** Drops every expired session. Called when the limit is reached; a scheduler may also call it. */
    public void removeExpired() {
        Instant now = clock.instant();
        sessions.entrySet().removeIf(entry -> entry.getValue().expired(now, limits));
    }

    private IssuedSession open(SessionUser user, SessionRequest request) {
        if (sessions.size() >= limits.maxSessions()) {
            removeExpired();
        }
        // The check and the insert are not atomic; a burst may overshoot by the number of concurrent logins.
        if (sessions.size() >= limits.maxSessions()) {
            throw new SqeException(ErrorCode.SERVER_BUSY, "the server has reached its limit of "
                    + limits.maxSessions() + " open sessions; close idle connections or try again later");
        }
        Session session = new Session(user, request.clientAddress(), request.protocol(), request.catalog(),
                request.schema());
        String token = newToken();
        Instant now = clock.instant();
        sessions.put(token, new Entry(session, now));
        log.debug("Opened {} for protocol {}", session, request.protocol());
        return new IssuedSession(token, session);
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static final class Entry {
        private final Session session;
        private final Instant createdAt;
        private volatile Instant lastUsed;

        Entry(Session session, Instant createdAt) {
            this.session = session;
            this.createdAt = createdAt;
            this.lastUsed = createdAt;
        }

        boolean expired(Instant now, SessionLimits limits) {
            return !now.isBefore(lastUsed.plus(limits.idleTimeout()))
                    || !now.isBefore(createdAt.plus(limits.maxLifetime()));
        }
    }
}
