package io.sqe.policy;

import io.sqe.core.session.SessionUser;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The policy for one statement of one user. Every method records the decisions it takes, and
 * {@link #appliedPolicies()} lists them for the audit record. Denials throw
 * {@link io.sqe.core.error.SqeException} with {@link io.sqe.core.error.ErrorCode#ACCESS_DENIED}; so does any
 * failure to evaluate a policy (fail closed).
 */
public interface QueryPolicy {
    SessionUser user();

    /** Throws ACCESS_DENIED unless the user holds {@code privilege} on {@code object}. */
    void checkAccess(Privilege privilege, ObjectName object);

    /** Whether the user holds {@code privilege} on {@code object}; for filtering listings, records nothing. */
    boolean isAllowed(Privilege privilege, ObjectName object);

    /**
     * Whether the object may appear in listings (SHOW CATALOGS/SCHEMAS/TABLES, information_schema, protocol
     * metadata): the user holds some privilege on it or, for catalogs and schemas, possibly on something in it.
     */
    boolean isVisible(ObjectName object);

    /**
     * The columns of {@code table} the user may see, in the given order; empty when the user may not read the
     * table or every column is hidden (the adapter then treats the table as denied). For SELECT *, DESCRIBE,
     * information_schema.columns and protocol metadata. Records nothing.
     */
    List<String> visibleColumns(ObjectName table, List<String> columns);

    /**
     * The row filter and masks of {@code table} for this user, built against the table's row type. Throws
     * ACCESS_DENIED when the user may not SELECT from it or may see none of its columns.
     */
    TablePolicy tablePolicy(ObjectName table, RelDataType rowType);

    /**
     * Applies the policy to a logical plan, right after SQL-to-rel conversion and before any optimization rule:
     * checks SELECT on every table scanned (sub-queries included) and puts each restricted table's row filter and
     * masks directly above its scan. Returns the plan unchanged when nothing applies. Calling it again on its own
     * output changes nothing.
     */
    RelNode rewrite(RelNode logicalPlan);

    /** The decisions taken so far, in order, without duplicates. */
    List<AppliedPolicy> appliedPolicies();

    /** The names of the rules behind {@link #appliedPolicies()}, in order, without duplicates. */
    default List<String> appliedRuleNames() {
        return appliedPolicies().stream().flatMap(policy -> policy.rule().stream()).distinct().toList();
    }
}
