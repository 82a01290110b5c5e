package io.sqe.core.session;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

/**
 * One client's conversation with the server: who they are, and the catalog and schema that unqualified
 * names resolve against ({@code USE} changes them). Identity is immutable; the path is per session and
 * guarded by this object's monitor.
 */
public final class Session {
    private final String sessionId;
    private final SessionUser user;
    private final Optional<DelegatedToken> delegatedToken;
    private final String clientAddress;
    private final String protocol;
    private final Instant createdAt;
    private final ZoneId timeZone;
    private String catalog;
    private String schema;

    public Session(SessionUser user, String clientAddress, String protocol, String catalog, Optional<String> schema) {
        this(UUID.randomUUID().toString(), user, clientAddress, protocol, ZoneId.of("UTC"), catalog, schema);
    }

    public Session(String sessionId, SessionUser user, String clientAddress, String protocol, ZoneId timeZone,
            String catalog, Optional<String> schema) {
        this(sessionId, Login.of(user), clientAddress, protocol, timeZone, catalog, schema);
    }

    public Session(String sessionId, Login login, String clientAddress, String protocol, ZoneId timeZone,
            String catalog, Optional<String> schema) {
        this.sessionId = requireNonNull(sessionId, "sessionId is null");
        requireNonNull(login, "login is null");
        this.user = login.user();
        this.delegatedToken = login.token();
        this.clientAddress = requireNonNull(clientAddress, "clientAddress is null");
        this.protocol = requireNonNull(protocol, "protocol is null");
        this.timeZone = requireNonNull(timeZone, "timeZone is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.schema = requireNonNull(schema, "schema is null").orElse(null);
        this.createdAt = Instant.now();
    }

    public String sessionId() {
        return sessionId;
    }

    public SessionUser user() {
        return user;
    }

    /** The user's own identity-provider token, passed to the catalog; empty with authentication off. */
    public Optional<DelegatedToken> delegatedToken() {
        return delegatedToken;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public String protocol() {
        return protocol;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The time zone for {@code TIMESTAMP WITH TIME ZONE} rendering and {@code current_timestamp}. */
    public ZoneId timeZone() {
        return timeZone;
    }

    public synchronized String catalog() {
        return catalog;
    }

    public synchronized Optional<String> schema() {
        return Optional.ofNullable(schema);
    }

    public synchronized void setPath(String catalog, String schema) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.schema = requireNonNull(schema, "schema is null");
    }

    @Override
    public String toString() {
        return "Session[" + sessionId + ", user=" + user.name() + "]";
    }
}
