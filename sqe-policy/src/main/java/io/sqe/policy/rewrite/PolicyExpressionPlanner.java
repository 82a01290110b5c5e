package io.sqe.policy.rewrite;

import io.sqe.policy.TablePolicy;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;

/**
 * Turns a {@link TablePolicy}'s SQL text into relational algebra over one scan. {@link SqlPolicyExpressionPlanner}
 * is the implementation SQE uses; a coordinator may supply its own (for example to resolve more functions).
 */
public interface PolicyExpressionPlanner {
    /**
     * {@code Project(column expressions)(Filter(row filter)(scan))}, leaving out the parts the policy does not
     * have. The result must have exactly the scan's row type (names, types and nullability) and must read only
     * {@code scan}; {@link PolicyRewriter} checks the row type and denies the query otherwise.
     */
    RelNode plan(TableScan scan, TablePolicy policy);
}
