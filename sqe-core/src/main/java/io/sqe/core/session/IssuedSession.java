package io.sqe.core.session;

import static java.util.Objects.requireNonNull;

import io.sqe.core.session.Session;

/**
 * A freshly opened session and the bearer token that names it. The token is a secret: never log it.
 */
public record IssuedSession(String token, Session session) {
    public IssuedSession {
        requireNonNull(token, "token is null");
        requireNonNull(session, "session is null");
    }

    @Override
    public String toString() {
        return "IssuedSession[" + session + "]";
    }
}
