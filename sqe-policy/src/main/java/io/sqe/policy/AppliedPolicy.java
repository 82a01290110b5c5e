package io.sqe.policy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One policy decision taken for a statement, for the audit record.
 *
 * @param rule the name of the rule that decided; empty when no rule matched (default deny) or no rules apply
 *     (passthrough)
 * @param privilege what was checked
 * @param object what it was checked on
 * @param allowed the outcome
 * @param restricted true when the decision also imposed a row filter, a mask or hidden columns
 */
public record AppliedPolicy(Optional<String> rule, Privilege privilege, ObjectName object, boolean allowed,
        boolean restricted) {
    public AppliedPolicy {
        requireNonNull(rule, "rule is null");
        requireNonNull(privilege, "privilege is null");
        requireNonNull(object, "object is null");
    }
}
