package io.sqe.policy.file;

import static io.sqe.policy.ObjectName.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.config.Secret;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.SessionUser;
import io.sqe.policy.Privilege;
import io.sqe.policy.QueryPolicy;
import io.sqe.policy.TestRules;
import io.sqe.policy.rewrite.SqlPolicyExpressionPlanner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, failing closed, and hot reload of the rules file. */
class RulesFileEnforcerTest {
    private static final SessionUser ALICE = new SessionUser("alice", Set.of("analyst"), Set.of());
    private static final String ALLOW_ALICE = """
            rules:
              - name: alice-reads
                users: [alice]
                privileges: [select]
            """;
    private static final String DENY_ALICE = """
            rules:
              - name: alice-reads-nothing
                users: [alice]
                privileges: [select]
                effect: deny
            """;
    private static final String BROKEN = """
            rules:
              - name: typo
                users: [alice]
                privilege: [select]
            """;

    @TempDir
    Path directory;

    private boolean aliceMayRead(RulesFileEnforcer enforcer) {
        return enforcer.forQuery(ALICE).isAllowed(Privilege.SELECT, table("lake", "hr", "employees"));
    }

    @Test
    void missingFileFailsAtStart() {
        Path missing = directory.resolve("missing.yaml");
        assertThatThrownBy(() -> new RulesFileEnforcer(missing, new Secret("k"), Duration.ofSeconds(1),
                SqlPolicyExpressionPlanner.withDefaults()))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                .hasMessage("Policy rules file " + missing + " is invalid: the file does not exist; create it or "
                        + "set [policy] rules to its path");
    }

    @Test
    void invalidFileFailsAtStartNamingFileAndProblem() {
        Path file = TestRules.write(directory.resolve("policy.yaml"), BROKEN);
        assertThatThrownBy(() -> new RulesFileEnforcer(file, new Secret("k"), Duration.ofSeconds(1),
                SqlPolicyExpressionPlanner.withDefaults()))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                .hasMessageStartingWith("Policy rules file " + file + " is invalid: rule 1 ('typo'): unknown key "
                        + "'privilege' in a rule");
    }

    @Test
    void jsonRulesFile() {
        Path file = TestRules.write(directory.resolve("policy.json"),
                "{\"rules\": [{\"name\": \"alice-reads\", \"users\": [\"alice\"], \"privileges\": [\"select\"]}]}");
        try (RulesFileEnforcer enforcer = new RulesFileEnforcer(file, new Secret("k"), Duration.ofHours(1),
                SqlPolicyExpressionPlanner.withDefaults())) {
            assertThat(aliceMayRead(enforcer)).isTrue();
        }
    }

    @Test
    void reloadNowChangesAnswersAndQueryPoliciesKeepTheirVersion() {
        try (RulesFileEnforcer enforcer = TestRules.enforcer(directory, ALLOW_ALICE)) {
            QueryPolicy before = enforcer.forQuery(ALICE);
            TestRules.write(enforcer.path(), DENY_ALICE);
            enforcer.reloadNow();
            assertThat(aliceMayRead(enforcer)).isFalse();
            assertThat(before.isAllowed(Privilege.SELECT, table("lake", "hr", "employees"))).isTrue();
        }
    }

    @Test
    void invalidFileOnReloadKeepsTheLastGoodRules() {
        try (RulesFileEnforcer enforcer = TestRules.enforcer(directory, ALLOW_ALICE)) {
            TestRules.write(enforcer.path(), BROKEN);
            assertThatThrownBy(enforcer::reloadNow)
                    .isInstanceOfSatisfying(SqeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                    .hasMessageStartingWith("Policy rules file " + enforcer.path() + " is invalid: rule 1 ('typo')");
            assertThat(aliceMayRead(enforcer)).isTrue();
            assertThat(enforcer.path().toFile().delete()).isTrue();
            assertThatThrownBy(enforcer::reloadNow)
                    .isInstanceOfSatisfying(SqeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                    .hasMessageEndingWith("the file does not exist; create it or set [policy] rules to its path");
            assertThat(aliceMayRead(enforcer)).isTrue();
        }
    }

    @Test
    void changedFileIsPickedUpWithoutRestart() throws InterruptedException {
        Path file = TestRules.write(directory.resolve("policy.yaml"), ALLOW_ALICE);
        try (RulesFileEnforcer enforcer = new RulesFileEnforcer(file, new Secret("k"), Duration.ofMillis(100),
                SqlPolicyExpressionPlanner.withDefaults())) {
            assertThat(aliceMayRead(enforcer)).isTrue();

            TestRules.write(file, DENY_ALICE);
            assertThat(eventually(() -> !aliceMayRead(enforcer))).as("deny rule picked up").isTrue();

            long version = enforcer.rulesVersion();
            assertThat(version).isEqualTo(2);
            TestRules.write(file, BROKEN);
            Thread.sleep(600);
            assertThat(enforcer.rulesVersion()).as("broken file ignored").isEqualTo(version);
            assertThat(aliceMayRead(enforcer)).isFalse();

            TestRules.write(file, ALLOW_ALICE);
            assertThat(eventually(() -> aliceMayRead(enforcer))).as("fixed file picked up").isTrue();
        }
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
