package io.sqe.core.session;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts failed logins per user name and per client address over a sliding window, and refuses further attempts
 * from either once {@code maxFailures} is reached, so a password cannot be guessed quickly from one address, nor
 * one account attacked from many. A successful login does not reset the counts: an attacker who knows one password
 * must not be able to clear the record of guesses at another. Thread-safe; memory is bounded by pruning keys whose
 * failures have all left the window.
 */
public final class LoginThrottle {
    private static final int PRUNE_THRESHOLD = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1: " + maxFailures);
        }
        this.maxFailures = maxFailures;
        this.window = requireNonNull(window, "window is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Fails with AUTHENTICATION_FAILED when the user or the address has too many recent failures. */
    public void checkAllowed(String user, String clientAddress) {
        Instant now = clock.instant();
        if (recentFailures(userKey(user), now) >= maxFailures
                || (knownAddress(clientAddress) && recentFailures(addressKey(clientAddress), now) >= maxFailures)) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "too many failed logins; wait "
                    + window.toSeconds() + " seconds before trying again");
        }
    }

    public void recordFailure(String user, String clientAddress) {
        Instant now = clock.instant();
        record(userKey(user), now);
        if (knownAddress(clientAddress)) {
            record(addressKey(clientAddress), now);
        }
        if (failures.size() > PRUNE_THRESHOLD) {
            failures.entrySet().removeIf(entry -> {
                synchronized (entry.getValue()) {
                    return trim(entry.getValue(), now) == 0;
                }
            });
        }
    }

    private void record(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, ignored -> new ArrayDeque<>());
        synchronized (times) {
            trim(times, now);
            if (times.size() < maxFailures) {
                times.addLast(now);
            }
        }
    }

    private int recentFailures(String key, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            return trim(times, now);
        }
    }

    private int trim(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.removeFirst();
        }
        return times.size();
    }

    /** Where a protocol cannot tell the address, counting it would let one attacker lock everyone out. */
    private static boolean knownAddress(String clientAddress) {
        return clientAddress != null && !clientAddress.isBlank() && !clientAddress.equals("unknown");
    }

    private static String userKey(String user) {
        return "user:" + (user == null ? "" : user.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String clientAddress) {
        return "address:" + clientAddress;
    }
}
