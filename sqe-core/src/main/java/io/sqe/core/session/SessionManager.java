package io.sqe.core.session;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens sessions and maps opaque bearer tokens to them. Thread-safe.
 *
 * <ul>
 *   <li>A password login opens a session named by a new opaque token: 32 bytes from {@link SecureRandom} in unpadded
 *       base64url, so it says nothing about the user.
 *   <li>A bearer token that is not one of those is handed to the authenticator (a JWT from the identity provider).
 *       Each distinct JWT maps to one cached session, keyed by the token's SHA-256 fingerprint, so a client that
 *       sends its JWT on every call does not open a session per call, and two tokens of one user never share one.
 *   <li>A session ends when idle for {@link SessionLimits#idleTimeout()}, when older than
 *       {@link SessionLimits#maxLifetime()}, when closed, or when its delegated token can no longer be refreshed
 *       ({@link #maintain()}).
 *   <li>Failed logins are throttled per user and per client address ({@link LoginThrottle}).
 * </ul>
 */
public final class SessionManager {
    private static final Logger log = LoggerFactory.getLogger(SessionManager.class);
    private static final int TOKEN_BYTES = 32;
    /** Prefix of the keys of sessions derived from a JWT or Basic credentials; issued tokens never contain ':'. */
    private static final String DERIVED_KEY_PREFIX = "derived:";

    private final Authenticator authenticator;
    private final SessionLimits limits;
    private final LoginThrottle throttle;
    private final Duration refreshBuffer;
    private final Clock clock;
    private final LoginObserver observer;
    private final SecureRandom random = new SecureRandom();
    private final byte[] derivedKeySecret = newDerivedKeySecret();
    private final ConcurrentMap<String, Entry> sessions = new ConcurrentHashMap<>();

    public SessionManager(Authenticator authenticator, SessionLimits limits, LoginThrottle throttle,
            Duration refreshBuffer, Clock clock) {
        this(authenticator, limits, throttle, refreshBuffer, clock, LoginObserver.NONE);
    }

    /** @param observer sees every password login and every new bearer token, whether it succeeded or not */
    public SessionManager(Authenticator authenticator, SessionLimits limits, LoginThrottle throttle,
            Duration refreshBuffer, Clock clock, LoginObserver observer) {
        this.observer = requireNonNull(observer, "observer is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.throttle = requireNonNull(throttle, "throttle is null");
        this.refreshBuffer = requireNonNull(refreshBuffer, "refreshBuffer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public SessionManager(Authenticator authenticator, SessionLimits limits, Clock clock) {
        this(authenticator, limits, new LoginThrottle(5, Duration.ofMinutes(5), clock), Duration.ofMinutes(1), clock);
    }

    /** Authentication off, default limits, the system clock. */
    public static SessionManager allowAll() {
        return new SessionManager(new AllowAllAuthenticator(), SessionLimits.defaults(), Clock.systemUTC());
    }

    /** Whether clients must authenticate; false only with authentication off. */
    public boolean authenticationRequired() {
        return authenticator.required();
    }

    /**
     * Authenticates {@code user} with {@code password} and opens a session for them.
     *
     * @throws SqeException AUTHENTICATION_FAILED for wrong credentials, and once too many logins failed
     */
    public IssuedSession login(String user, String password, SessionRequest request) {
        requireNonNull(request, "request is null");
        return open(newToken(), authenticatePassword(user, password, request), request);
    }

    private Login authenticatePassword(String user, String password, SessionRequest request) {
        throttle.checkAllowed(user, request.clientAddress());
        Login login;
        try {
            login = authenticator.authenticate(user, password);
            observer.attempt(true);
        } catch (SqeException e) {
            observer.attempt(false);
            if (e.errorCode() == ErrorCode.AUTHENTICATION_FAILED) {
                throttle.recordFailure(user, request.clientAddress());
                log.info("Failed login for user '{}' from {} over {}", user, request.clientAddress(),
                        request.protocol());
            }
            throw e;
        }
        return login;
    }

    /** Opens a session for a caller that sent no credentials, if the authenticator allows that. */
    public IssuedSession loginAnonymous(SessionRequest request) {
        requireNonNull(request, "request is null");
        return open(newToken(), Login.of(authenticator.anonymous()), request);
    }

    /**
     * The session for a bearer token: either a session token this manager issued, or the identity provider's JWT,
     * which is verified once and then maps to its own cached session until it expires. The returned token names the
     * session for {@link #session(String)}; for a JWT it is an internal key, not the JWT.
     *
     * @throws SqeException AUTHENTICATION_FAILED when the token is neither a live session nor a valid JWT
     */
    public IssuedSession bearer(String token, SessionRequest request) {
        requireNonNull(request, "request is null");
        if (token == null || token.isEmpty()) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "an empty bearer token was sent; log in again");
        }
        Optional<Session> issued = resume(token);
        if (issued.isPresent()) {
            return new IssuedSession(token, issued.get());
        }
        String key = derivedKey("jwt:", token);
        return cached(key, () -> {
            try {
                Login login = authenticator.authenticateBearer(token);
                observer.attempt(true);
                return login;
            } catch (RuntimeException e) {
                observer.attempt(false);
                throw e;
            }
        }, request);
    }

    /**
     * The session for a user name and password sent with every request (HTTP Basic, as Trino clients do): the first
     * request logs in, later ones with the same credentials reuse that session until it ends, so the identity
     * provider sees one password grant, not one per request. Failed attempts are throttled like {@link #login}.
     */
    public IssuedSession basic(String user, String password, SessionRequest request) {
        requireNonNull(request, "request is null");
        String key = derivedKey("basic:", user + '\0' + password);
        Optional<Session> cached = find(key);
        if (cached.isPresent()) {
            return new IssuedSession(key, cached.get());
        }
        return cached(key, () -> authenticatePassword(user, password, request), request);
    }

    /** A session token the client presented: issued tokens only, never the internal keys of derived sessions. */
    public Optional<Session> resume(String token) {
        if (token == null || token.startsWith(DERIVED_KEY_PREFIX)) {
            return Optional.empty();
        }
        return find(token);
    }

    private IssuedSession cached(String key, java.util.function.Supplier<Login> authenticate, SessionRequest request) {
        Optional<Session> cached = find(key);
        if (cached.isPresent()) {
            return new IssuedSession(key, cached.get());
        }
        return open(key, authenticate.get(), request);
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

    /** Drops every expired session. Called when the limit is reached; {@link #maintain()} also calls it. */
    public void removeExpired() {
        Instant now = clock.instant();
        sessions.entrySet().removeIf(entry -> entry.getValue().expired(now, limits));
    }

    /**
     * Drops expired sessions and refreshes delegated tokens that expire within the refresh buffer. A session whose
     * token cannot be refreshed ends; its next call fails with "log in again". Run it every few seconds.
     */
    public void maintain() {
        removeExpired();
        for (var entry : sessions.entrySet()) {
            Session session = entry.getValue().session;
            Optional<DelegatedToken> token = session.delegatedToken();
            if (token.isEmpty()) {
                continue;
            }
            boolean usable;
            try {
                usable = token.get().refreshIfDue(clock.instant(), refreshBuffer);
            } catch (RuntimeException e) {
                log.warn("Refreshing the token of {} failed", session, e);
                usable = false;
            }
            if (!usable && sessions.remove(entry.getKey(), entry.getValue())) {
                log.info("Ended {}: its identity-provider token expired and could not be refreshed", session);
            }
        }
    }

    private IssuedSession open(String token, Login login, SessionRequest request) {
        if (sessions.size() >= limits.maxSessions()) {
            removeExpired();
        }
        // The check and the insert are not atomic; a burst may overshoot by the number of concurrent logins.
        if (sessions.size() >= limits.maxSessions()) {
            throw new SqeException(ErrorCode.SERVER_BUSY, "the server has reached its limit of "
                    + limits.maxSessions() + " open sessions; close idle connections or try again later");
        }
        Session session = new Session(UUID.randomUUID().toString(), login, request.clientAddress(),
                request.protocol(), ZoneId.of("UTC"), request.catalog(), request.schema());
        Entry existing = sessions.putIfAbsent(token, new Entry(session, clock.instant()));
        if (existing != null) {
            return new IssuedSession(token, existing.session);
        }
        log.debug("Opened {} for protocol {}", session, request.protocol());
        return new IssuedSession(token, session);
    }

    private byte[] newDerivedKeySecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The map key of a session derived from credentials: an HMAC under a key that lives only in this process, so the
     * map never holds a token or password, nor a plain hash of one that could be looked up offline.
     */
    private String derivedKey(String kind, String credential) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(derivedKeySecret, "HmacSHA256"));
            return DERIVED_KEY_PREFIX + kind
                    + HexFormat.of().formatHex(mac.doFinal(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** SHA-256 of a token, for cache keys elsewhere (never the token itself). */
    public static String fingerprint(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
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
                    || !now.isBefore(createdAt.plus(limits.maxLifetime()))
                    || session.delegatedToken().map(token -> !now.isBefore(token.expiresAt())).orElse(false);
        }
    }
}
