package io.sqe.coordinator.flight;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Server-side objects that clients name by an opaque random handle: planned statements waiting for their
 * ticket, and prepared statements. Each entry belongs to the session that created it; another session that
 * presents the handle is told it does not exist. Entries unused for the idle timeout are dropped.
 */
final class HandleStore<T> {
    private static final int HANDLE_BYTES = 32;

    private final String kind;
    private final Duration idleTimeout;
    private final int maxEntries;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<ByteString, Entry<T>> entries = new ConcurrentHashMap<>();

    HandleStore(String kind, Duration idleTimeout, int maxEntries, Clock clock) {
        this.kind = requireNonNull(kind, "kind is null");
        this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** Stores {@code value} for {@code sessionId} and returns its new handle. */
    ByteString put(String sessionId, T value) {
        requireNonNull(sessionId, "sessionId is null");
        requireNonNull(value, "value is null");
        if (entries.size() >= maxEntries) {
            removeExpired();
        }
        if (entries.size() >= maxEntries) {
            throw new SqeException(ErrorCode.SERVER_BUSY, "the server holds the maximum of " + maxEntries
                    + " open " + kind + "s; close unused ones or try again later");
        }
        byte[] bytes = new byte[HANDLE_BYTES];
        random.nextBytes(bytes);
        ByteString handle = ByteString.copyFrom(bytes);
        entries.put(handle, new Entry<>(sessionId, value, clock.instant()));
        return handle;
    }

    /** The value behind {@code handle}; resets its idle timer. */
    T get(ByteString handle, String sessionId) {
        Entry<T> entry = live(handle, sessionId);
        entry.lastUsed = clock.instant();
        return entry.value;
    }

    /** Removes and returns the value behind {@code handle}: a handle taken once is gone. */
    T take(ByteString handle, String sessionId) {
        Entry<T> entry = live(handle, sessionId);
        if (!entries.remove(handle, entry)) {
            throw unknown();
        }
        return entry.value;
    }

    /** Removes {@code handle} if it belongs to {@code sessionId}. */
    Optional<T> remove(ByteString handle, String sessionId) {
        Entry<T> entry = entries.get(handle);
        if (entry == null || !entry.sessionId.equals(sessionId) || !entries.remove(handle, entry)) {
            return Optional.empty();
        }
        return Optional.of(entry.value);
    }

    int size() {
        return entries.size();
    }

    void removeExpired() {
        Instant now = clock.instant();
        entries.entrySet().removeIf(entry -> entry.getValue().expired(now, idleTimeout));
    }

    /** Removes and returns every entry, for shutdown. */
    List<T> clear() {
        List<T> values = entries.values().stream().map(entry -> entry.value).toList();
        entries.clear();
        return values;
    }

    private Entry<T> live(ByteString handle, String sessionId) {
        requireNonNull(handle, "handle is null");
        Entry<T> entry = entries.get(handle);
        if (entry == null || !entry.sessionId.equals(sessionId)) {
            throw unknown();
        }
        if (entry.expired(clock.instant(), idleTimeout)) {
            entries.remove(handle, entry);
            throw unknown();
        }
        return entry;
    }

    private SqeException unknown() {
        return new SqeException(ErrorCode.INVALID_HANDLE,
                "unknown or expired " + kind + " handle; " + kind + "s expire after " + idleTimeout.toMinutes()
                        + " minutes unused and query tickets can be read only once, so run the statement again");
    }

    private static final class Entry<T> {
        private final String sessionId;
        private final T value;
        private volatile Instant lastUsed;

        Entry(String sessionId, T value, Instant createdAt) {
            this.sessionId = sessionId;
            this.value = value;
            this.lastUsed = createdAt;
        }

        boolean expired(Instant now, Duration idleTimeout) {
            return !now.isBefore(lastUsed.plus(idleTimeout));
        }
    }
}
