package io.sqe.policy;

import io.sqe.core.config.Secret;
import io.sqe.policy.file.RulesFileEnforcer;
import io.sqe.policy.rewrite.SqlPolicyExpressionPlanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Writes rules files and starts enforcers on them for tests. */
public final class TestRules {
    public static final String MASK_KEY = "test-mask-key";

    private TestRules() {}

    public static Path write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An enforcer on a YAML file with {@code content}; polling is slow so only reloadNow() reloads. */
    public static RulesFileEnforcer enforcer(Path directory, String content) {
        return new RulesFileEnforcer(write(directory.resolve("policy.yaml"), content), new Secret(MASK_KEY),
                Duration.ofHours(1), SqlPolicyExpressionPlanner.withDefaults());
    }
}
