package io.sqe.policy.file;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.SessionUser;
import io.sqe.policy.AppliedPolicy;
import io.sqe.policy.ObjectName;
import io.sqe.policy.Privilege;
import io.sqe.policy.QueryPolicy;
import io.sqe.policy.TablePolicy;
import io.sqe.policy.rewrite.PolicyExpressionPlanner;
import io.sqe.policy.rewrite.PolicyRewriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One statement's view of one version of the rules file. */
final class RulesFileQueryPolicy implements QueryPolicy {
    private static final Logger log = LoggerFactory.getLogger(RulesFileQueryPolicy.class);

    private final RuleSet rules;
    private final SessionUser user;
    private final String keyId;
    private final PolicyExpressionPlanner planner;
    private final Set<AppliedPolicy> applied = new LinkedHashSet<>();

    RulesFileQueryPolicy(RuleSet rules, SessionUser user, String keyId, PolicyExpressionPlanner planner) {
        this.rules = requireNonNull(rules, "rules is null");
        this.user = requireNonNull(user, "user is null");
        this.keyId = requireNonNull(keyId, "keyId is null");
        this.planner = requireNonNull(planner, "planner is null");
    }

    @Override
    public SessionUser user() {
        return user;
    }

    @Override
    public void checkAccess(Privilege privilege, ObjectName object) {
        requireNonNull(privilege, "privilege is null");
        requireNonNull(object, "object is null");
        Optional<Rule> rule = rules.decidingRule(user, privilege, object);
        boolean allowed = rule.map(found -> found.effect() == Rule.Effect.ALLOW).orElse(false);
        record(new AppliedPolicy(rule.map(Rule::name), privilege, object, allowed, false));
        if (!allowed) {
            throw denied(privilege, object);
        }
    }

    @Override
    public boolean isAllowed(Privilege privilege, ObjectName object) {
        return rules.isAllowed(user, requireNonNull(privilege, "privilege is null"),
                requireNonNull(object, "object is null"));
    }

    @Override
    public boolean isVisible(ObjectName object) {
        return rules.isVisible(user, requireNonNull(object, "object is null"));
    }

    @Override
    public List<String> visibleColumns(ObjectName table, List<String> columns) {
        requireTable(table);
        requireNonNull(columns, "columns is null");
        Optional<Rule> rule = rules.decidingRule(user, Privilege.SELECT, table);
        if (rule.isEmpty() || rule.get().effect() != Rule.Effect.ALLOW) {
            return List.of();
        }
        return columns.stream().filter(column -> !rule.get().hides(column)).toList();
    }

    @Override
    public TablePolicy tablePolicy(ObjectName table, RelDataType rowType) {
        requireTable(table);
        requireNonNull(rowType, "rowType is null");
        Optional<Rule> found = rules.decidingRule(user, Privilege.SELECT, table);
        if (found.isEmpty() || found.get().effect() != Rule.Effect.ALLOW) {
            record(new AppliedPolicy(found.map(Rule::name), Privilege.SELECT, table, false, false));
            throw denied(Privilege.SELECT, table);
        }
        Rule rule = found.get();
        List<String> visible = new ArrayList<>();
        Map<String, String> expressions = new HashMap<>();
        Optional<String> rowFilter;
        try {
            for (RelDataTypeField field : rowType.getFieldList()) {
                String column = field.getName();
                if (rule.hides(column)) {
                    expressions.put(column, MaskExpressions.expression(column, field.getType(), Optional.empty(),
                            user, keyId));
                } else {
                    visible.add(column);
                    MaskSpec mask = rule.masks().get(column);
                    if (mask != null) {
                        expressions.put(column, MaskExpressions.expression(column, field.getType(),
                                Optional.of(mask), user, keyId));
                    }
                }
            }
            rowFilter = rule.rowFilter().map(filter -> SessionExpressions.substitute(filter, user));
        } catch (RuntimeException e) {
            record(new AppliedPolicy(Optional.of(rule.name()), Privilege.SELECT, table, false, true));
            throw evaluationFailed(table, rule.name(), e);
        }
        if (visible.isEmpty()) {
            record(new AppliedPolicy(Optional.of(rule.name()), Privilege.SELECT, table, false, true));
            throw new SqeException(ErrorCode.ACCESS_DENIED, "Access denied: user '" + user.name()
                    + "' may see no column of table " + table + "; ask an administrator for access");
        }
        record(new AppliedPolicy(Optional.of(rule.name()), Privilege.SELECT, table, true, rule.restricts()));
        return new TablePolicy(table, visible, rowFilter, expressions, Optional.of(rule.name()));
    }

    @Override
    public RelNode rewrite(RelNode logicalPlan) {
        requireNonNull(logicalPlan, "logicalPlan is null");
        try {
            return PolicyRewriter.rewrite(logicalPlan, this::tablePolicy, planner);
        } catch (SqeException e) {
            if (e.errorCode() == ErrorCode.ACCESS_DENIED) {
                throw e;
            }
            throw evaluationFailed(null, null, e);
        } catch (RuntimeException | StackOverflowError e) {
            throw evaluationFailed(null, null, e);
        }
    }

    @Override
    public synchronized List<AppliedPolicy> appliedPolicies() {
        return List.copyOf(applied);
    }

    private synchronized void record(AppliedPolicy policy) {
        applied.add(policy);
    }

    private SqeException denied(Privilege privilege, ObjectName object) {
        return new SqeException(ErrorCode.ACCESS_DENIED, "Access denied: user '" + user.name() + "' may not "
                + privilege.name() + " " + describe(privilege, object) + "; ask an administrator for access");
    }

    private static String describe(Privilege privilege, ObjectName object) {
        String kind = object.kind().name().toLowerCase(java.util.Locale.ROOT);
        String preposition = switch (privilege) {
            case SELECT -> "from ";
            case INSERT -> "into ";
            case CREATE, DROP -> "";
        };
        return preposition + kind + " " + object;
    }

    /** Fail closed: a policy that cannot be evaluated denies the query; the cause goes to the server log. */
    private SqeException evaluationFailed(ObjectName table, String rule, Throwable cause) {
        log.error("Policy evaluation failed for user '{}'{}{}; the query is denied", user.name(),
                table == null ? "" : " on " + table, rule == null ? "" : " (rule '" + rule + "')", cause);
        return new SqeException(ErrorCode.ACCESS_DENIED, "Access denied: the access policy"
                + (table == null ? "" : " of table " + table) + " could not be applied"
                + (rule == null ? "" : " (rule '" + rule + "')")
                + "; ask an administrator to check the policy rules", cause);
    }

    private static void requireTable(ObjectName table) {
        requireNonNull(table, "table is null");
        if (table.kind() != ObjectName.Kind.TABLE) {
            throw new IllegalArgumentException("not a table: " + table);
        }
    }
}
