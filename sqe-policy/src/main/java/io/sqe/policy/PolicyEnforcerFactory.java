package io.sqe.policy;

import static java.util.Objects.requireNonNull;

import io.sqe.core.config.PolicyConfig;
import io.sqe.policy.file.RulesFileEnforcer;
import io.sqe.policy.rewrite.PolicyExpressionPlanner;
import io.sqe.policy.rewrite.SqlPolicyExpressionPlanner;

/** Builds the enforcer that {@code [policy] engine} names. */
public final class PolicyEnforcerFactory {
    private PolicyEnforcerFactory() {}

    /** The enforcer with SQE's expression planner; see {@link #create(PolicyConfig, PolicyExpressionPlanner)}. */
    public static PolicyEnforcer create(PolicyConfig config) {
        return create(config, SqlPolicyExpressionPlanner.withDefaults());
    }

    /**
     * The enforcer {@code config} names. For {@code file} this loads the rules file and throws
     * {@link io.sqe.core.error.SqeException} with CONFIGURATION_INVALID when it is missing or invalid: the server
     * must not start then.
     */
    public static PolicyEnforcer create(PolicyConfig config, PolicyExpressionPlanner planner) {
        requireNonNull(config, "config is null");
        requireNonNull(planner, "planner is null");
        return switch (config.engine()) {
            case PASSTHROUGH -> PassthroughEnforcer.INSTANCE;
            case FILE -> new RulesFileEnforcer(config.rules(), config.maskKey(), config.reloadInterval(), planner);
        };
    }
}
