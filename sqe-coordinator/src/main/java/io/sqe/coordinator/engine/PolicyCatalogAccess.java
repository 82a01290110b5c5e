package io.sqe.coordinator.engine;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.calcite.CatalogAccess;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.policy.ObjectName;
import io.sqe.policy.Privilege;
import io.sqe.policy.QueryPolicy;
import java.util.List;
import java.util.Optional;

/**
 * The catalog as one statement's access policy shows it: listings keep what {@link QueryPolicy#isVisible} allows,
 * tables keep the columns of {@link QueryPolicy#visibleColumns}. An INSERT target keeps all its columns, because
 * the statement writes them; reading the same table in the statement still goes through the plan rewrite, which
 * replaces hidden columns by NULL and denies a user without SELECT.
 */
final class PolicyCatalogAccess implements CatalogAccess {
    private final QueryPolicy policy;
    private final Optional<ObjectName> writeTarget;

    PolicyCatalogAccess(QueryPolicy policy, Optional<ObjectName> writeTarget) {
        this.policy = requireNonNull(policy, "policy is null");
        this.writeTarget = requireNonNull(writeTarget, "writeTarget is null");
    }

    @Override
    public boolean isSchemaVisible(String catalog, String schema) {
        return policy.isVisible(ObjectName.schema(catalog, schema));
    }

    @Override
    public boolean isTableVisible(String catalog, String schema, String table) {
        return policy.isVisible(ObjectName.table(catalog, schema, table));
    }

    @Override
    public List<String> visibleColumns(String catalog, String schema, String table, List<String> columns) {
        ObjectName name = ObjectName.table(catalog, schema, table);
        if (writeTarget.isPresent() && writeTarget.get().equals(name)) {
            return List.copyOf(columns);
        }
        return policy.visibleColumns(name, columns);
    }

    @Override
    public SqeException denied(String catalog, String schema, String table) {
        ObjectName name = ObjectName.table(catalog, schema, table);
        try {
            // Records the deciding rule for the audit and gives the policy's own message.
            policy.checkAccess(Privilege.SELECT, name);
        } catch (SqeException e) {
            return e;
        }
        return new SqeException(ErrorCode.ACCESS_DENIED, "Access denied: user '" + policy.user().name()
                + "' may see no column of table " + name + "; ask an administrator for access");
    }
}
