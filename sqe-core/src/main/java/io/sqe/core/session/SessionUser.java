package io.sqe.core.session;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * An authenticated (or, with auth off, declared) user, with the roles and groups the identity provider granted.
 * Policies match on all three.
 */
public record SessionUser(String name, Set<String> roles, Set<String> groups) {
    public SessionUser {
        requireNonNull(name, "name is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("user name is blank");
        }
        roles = Set.copyOf(requireNonNull(roles, "roles is null"));
        groups = Set.copyOf(requireNonNull(groups, "groups is null"));
    }

    public SessionUser(String name, Set<String> roles) {
        this(name, roles, Set.of());
    }

    public static SessionUser of(String name) {
        return new SessionUser(name, Set.of(), Set.of());
    }
}
