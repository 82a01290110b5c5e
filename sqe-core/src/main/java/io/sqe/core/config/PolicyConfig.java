package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code [policy]}: who may see which tables, rows and columns.
 *
 * @param engine {@link PolicyEngine#PASSTHROUGH} (the catalog alone decides) or {@link PolicyEngine#FILE}
 * @param rules the rules file (YAML or JSON) for the file engine
 * @param maskKey the HMAC key of {@code hash} masks; without it hashes are plain SHA-256, open to dictionary attacks
 * @param reloadInterval how often the rules file is checked for changes
 */
public record PolicyConfig(PolicyEngine engine, Path rules, Secret maskKey, Duration reloadInterval) {
    public static final String DEFAULT_RULES = "config/policy.yaml";

    public PolicyConfig {
        requireNonNull(engine, "engine is null");
        requireNonNull(rules, "rules is null");
        requireNonNull(maskKey, "maskKey is null");
        requireNonNull(reloadInterval, "reloadInterval is null");
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("reloadInterval must be positive: " + reloadInterval);
        }
    }

    static PolicyConfig from(ConfigSource.Section section) {
        return new PolicyConfig(
                section.getEnum("engine", PolicyEngine.class, PolicyEngine.PASSTHROUGH),
                Path.of(section.getString("rules", DEFAULT_RULES)),
                section.getSecret("mask_key"),
                Duration.ofMillis(section.getLong("reload_interval_ms", 2_000, 100, 3_600_000)));
    }

    public PolicyConfig withRules(PolicyEngine newEngine, Path newRules, Secret newMaskKey, Duration newInterval) {
        return new PolicyConfig(newEngine, newRules, newMaskKey, newInterval);
    }

    /** Which enforcer runs. */
    public enum PolicyEngine {
        /** No rules of SQE's own: what the catalog lets a user load, the user may query. */
        PASSTHROUGH,
        /** The rules file: table and column privileges, row filters and column masks. */
        FILE
    }
}
