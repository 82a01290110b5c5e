package io.sqe.core.session;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The outcome of a successful authentication: who the user is and, with an identity provider, the user's own
 * token for the catalog.
 */
public record Login(SessionUser user, Optional<DelegatedToken> token) {
    public Login {
        requireNonNull(user, "user is null");
        requireNonNull(token, "token is null");
    }

    /** A user with nothing to delegate (authentication off). */
    public static Login of(SessionUser user) {
        return new Login(user, Optional.empty());
    }
}
