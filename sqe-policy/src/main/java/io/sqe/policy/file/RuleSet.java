package io.sqe.policy.file;

import static java.util.Objects.requireNonNull;

import io.sqe.core.session.SessionUser;
import io.sqe.policy.ObjectName;
import io.sqe.policy.Privilege;
import java.util.List;
import java.util.Optional;

/** One version of a rules file: its rules in file order. The first rule that matches decides; no match denies. */
record RuleSet(List<Rule> rules) {
    RuleSet {
        rules = List.copyOf(requireNonNull(rules, "rules is null"));
    }

    /** The rule that decides {@code privilege} on {@code object} for {@code user}; empty means default deny. */
    Optional<Rule> decidingRule(SessionUser user, Privilege privilege, ObjectName object) {
        for (Rule rule : rules) {
            if (rule.privileges().contains(privilege) && rule.matchesObject(object) && rule.matchesUser(user)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    boolean isAllowed(SessionUser user, Privilege privilege, ObjectName object) {
        return decidingRule(user, privilege, object).map(rule -> rule.effect() == Rule.Effect.ALLOW).orElse(false);
    }

    /**
     * Listing visibility: some privilege is allowed on the object itself or, for catalogs and schemas, some allow
     * rule for this user could cover something inside. This is an over-approximation for containers (an earlier
     * deny rule may still win for every table inside); container names are not treated as secret.
     */
    boolean isVisible(SessionUser user, ObjectName object) {
        for (Privilege privilege : Privilege.values()) {
            if (isAllowed(user, privilege, object)) {
                return true;
            }
        }
        if (object.kind() == ObjectName.Kind.TABLE) {
            return false;
        }
        return rules.stream().anyMatch(rule -> rule.effect() == Rule.Effect.ALLOW
                && rule.mayCoverInside(object) && rule.matchesUser(user));
    }
}
