package io.sqe.policy;

import static java.util.Objects.requireNonNull;

import io.sqe.core.session.SessionUser;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/** The default engine: SQE adds no rules of its own; what the catalog lets a user load, the user may query. */
public final class PassthroughEnforcer implements PolicyEnforcer {
    public static final PassthroughEnforcer INSTANCE = new PassthroughEnforcer();

    private PassthroughEnforcer() {}

    @Override
    public QueryPolicy forQuery(SessionUser user) {
        return new PassthroughQueryPolicy(user);
    }

    @Override
    public void close() {}

    private record PassthroughQueryPolicy(SessionUser user) implements QueryPolicy {
        PassthroughQueryPolicy {
            requireNonNull(user, "user is null");
        }

        @Override
        public void checkAccess(Privilege privilege, ObjectName object) {
            requireNonNull(privilege, "privilege is null");
            requireNonNull(object, "object is null");
        }

        @Override
        public boolean isAllowed(Privilege privilege, ObjectName object) {
            return true;
        }

        @Override
        public boolean isVisible(ObjectName object) {
            return true;
        }

        @Override
        public List<String> visibleColumns(ObjectName table, List<String> columns) {
            return List.copyOf(columns);
        }

        @Override
        public TablePolicy tablePolicy(ObjectName table, RelDataType rowType) {
            return TablePolicy.unrestricted(table, rowType.getFieldList().stream().map(RelDataTypeField::getName).toList());
        }

        @Override
        public RelNode rewrite(RelNode logicalPlan) {
            return requireNonNull(logicalPlan, "logicalPlan is null");
        }

        @Override
        public List<AppliedPolicy> appliedPolicies() {
            return List.of();
        }
    }
}
