package io.sqe.coordinator.planner;

import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

/**
 * Calcite's Babel conformance (what the parser accepts) minus the one liberty that breaks error messages:
 * resolving a name in the SELECT list against another SELECT alias. Trino does not allow it either, and
 * with it an unknown column reports "depends on itself" instead of "not found".
 */
final class SqeConformance extends SqlDelegatingConformance {
    static final SqlConformance INSTANCE = new SqeConformance();

    private SqeConformance() {
        super(SqlConformanceEnum.BABEL);
    }

    @Override
    public SelectAliasLookup isSelectAlias() {
        return SelectAliasLookup.UNSUPPORTED;
    }
}
