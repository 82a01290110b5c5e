package io.sqe.core.session;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/** An authenticated (or, with auth off, declared) user and the roles the identity provider granted. */
public record SessionUser(String name, Set<String> roles) {
    public SessionUser {
        requireNonNull(name, "name is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("user name is blank");
        }
        roles = Set.copyOf(requireNonNull(roles, "roles is null"));
    }

    public static SessionUser of(String name) {
        return new SessionUser(name, Set.of());
    }
}
