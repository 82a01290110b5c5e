package io.sqe.policy;

import io.sqe.core.session.SessionUser;

/**
 * The policy engine of a server: built once at start-up, closed at shutdown. Thread-safe.
 *
 * <p>Each statement takes a {@link QueryPolicy} with {@link #forQuery}; it pins the rules in force at that moment,
 * so every check of one statement sees the same version even while the rules file is reloaded.
 */
public interface PolicyEnforcer extends AutoCloseable {
    /** The policy for one statement of {@code user}. */
    QueryPolicy forQuery(SessionUser user);

    /** Stops background reloading; query policies already handed out keep working. */
    @Override
    void close();
}
