package io.sqe.policy.file;

import static java.util.Objects.requireNonNull;

import io.sqe.core.session.SessionUser;
import io.sqe.policy.ObjectName;
import io.sqe.policy.Privilege;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One rule of a rules file. It matches a request when the user, the object and the privilege all match; the first
 * matching rule of the file decides.
 *
 * @param name unique name, reported in audit records
 * @param users user name patterns; empty matches every user
 * @param roles role patterns, one of the user's roles must match one; empty matches every user
 * @param groups group patterns, one of the user's groups must match one; empty matches every user
 * @param catalog catalog pattern
 * @param schema schema pattern; empty when the rule also covers the catalog itself
 * @param table table pattern; empty when the rule also covers schemas
 * @param privileges the privileges the rule decides
 * @param effect allow or deny
 * @param hiddenColumns patterns of columns hidden from the user (SELECT rules only)
 * @param rowFilter boolean SQL expression selecting the rows the user sees (SELECT rules only)
 * @param masks column name to mask (SELECT rules only)
 */
record Rule(String name, List<Glob> users, List<Glob> roles, List<Glob> groups, Glob catalog, Optional<Glob> schema,
        Optional<Glob> table, Set<Privilege> privileges, Effect effect, List<Glob> hiddenColumns,
        Optional<String> rowFilter, Map<String, MaskSpec> masks) {
    Rule {
        requireNonNull(name, "name is null");
        users = List.copyOf(requireNonNull(users, "users is null"));
        roles = List.copyOf(requireNonNull(roles, "roles is null"));
        groups = List.copyOf(requireNonNull(groups, "groups is null"));
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
        privileges = Set.copyOf(requireNonNull(privileges, "privileges is null"));
        requireNonNull(effect, "effect is null");
        hiddenColumns = List.copyOf(requireNonNull(hiddenColumns, "hiddenColumns is null"));
        requireNonNull(rowFilter, "rowFilter is null");
        masks = Map.copyOf(requireNonNull(masks, "masks is null"));
        if (table.isPresent() && schema.isEmpty()) {
            throw new IllegalArgumentException("a table pattern needs a schema pattern");
        }
    }

    boolean matchesUser(SessionUser user) {
        return (users.isEmpty() || anyMatches(users, Set.of(user.name())))
                && (roles.isEmpty() || anyMatches(roles, user.roles()))
                && (groups.isEmpty() || anyMatches(groups, user.groups()));
    }

    /** Whether the rule covers the object: tables need all three patterns to match, missing ones match anything. */
    boolean matchesObject(ObjectName object) {
        if (!catalog.matches(object.catalog())) {
            return false;
        }
        return switch (object.kind()) {
            case CATALOG -> schema.isEmpty() && table.isEmpty();
            case SCHEMA -> table.isEmpty() && schema.map(glob -> glob.matches(object.schema().orElseThrow())).orElse(true);
            case TABLE -> schema.map(glob -> glob.matches(object.schema().orElseThrow())).orElse(true)
                    && table.map(glob -> glob.matches(object.table().orElseThrow())).orElse(true);
        };
    }

    /** Whether the rule could cover something inside {@code container} (a catalog or schema). */
    boolean mayCoverInside(ObjectName container) {
        if (!catalog.matches(container.catalog())) {
            return false;
        }
        return switch (container.kind()) {
            case CATALOG -> true;
            case SCHEMA -> schema.map(glob -> glob.matches(container.schema().orElseThrow())).orElse(true);
            case TABLE -> false;
        };
    }

    boolean restricts() {
        return !hiddenColumns.isEmpty() || rowFilter.isPresent() || !masks.isEmpty();
    }

    boolean hides(String column) {
        return hiddenColumns.stream().anyMatch(glob -> glob.matches(column));
    }

    private static boolean anyMatches(List<Glob> patterns, Set<String> names) {
        for (String name : names) {
            for (Glob pattern : patterns) {
                if (pattern.matches(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What a matching rule does. */
    enum Effect {
        ALLOW,
        DENY
    }
}
