package io.sqe.policy;

import static io.sqe.policy.ObjectName.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.config.PolicyConfig;
import io.sqe.core.config.Secret;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.SessionUser;
import io.sqe.policy.file.RulesFileEnforcer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyEnforcerFactoryTest {
    @TempDir
    Path directory;

    @Test
    void passthroughIsTheDefaultAndChangesNothing() {
        PolicyConfig config = new PolicyConfig(PolicyConfig.PolicyEngine.PASSTHROUGH,
                Path.of(PolicyConfig.DEFAULT_RULES), new Secret(""), Duration.ofSeconds(2));
        try (PolicyEnforcer enforcer = PolicyEnforcerFactory.create(config)) {
            assertThat(enforcer).isSameAs(PassthroughEnforcer.INSTANCE);
            QueryPolicy policy = enforcer.forQuery(SessionUser.of("anyone"));
            policy.checkAccess(Privilege.DROP, table("lake", "hr", "employees"));
            assertThat(policy.visibleColumns(table("lake", "hr", "employees"), List.of("a", "b")))
                    .containsExactly("a", "b");
            RelNode plan = QueryHarness.withEmployees().plan("SELECT ssn FROM employees", policy);
            assertThat(policy.rewrite(plan)).isSameAs(plan);
            assertThat(QueryHarness.withEmployees().query("SELECT count(*) FROM employees", policy))
                    .containsExactly(List.of(4L));
            assertThat(policy.appliedPolicies()).isEmpty();
        }
    }

    @Test
    void fileEngineLoadsTheRulesFile() {
        Path rules = TestRules.write(directory.resolve("policy.yaml"), "rules: []\n");
        PolicyConfig config = new PolicyConfig(PolicyConfig.PolicyEngine.FILE, rules, new Secret("k"),
                Duration.ofSeconds(2));
        try (PolicyEnforcer enforcer = PolicyEnforcerFactory.create(config)) {
            assertThat(enforcer).isInstanceOf(RulesFileEnforcer.class);
            assertThat(enforcer.forQuery(SessionUser.of("anyone")).isAllowed(Privilege.SELECT,
                    table("lake", "hr", "employees"))).isFalse();
        }
    }

    @Test
    void fileEngineWithoutFileRefusesToStart() {
        Path rules = directory.resolve("absent.yaml");
        PolicyConfig config = new PolicyConfig(PolicyConfig.PolicyEngine.FILE, rules, new Secret("k"),
                Duration.ofSeconds(2));
        assertThatThrownBy(() -> PolicyEnforcerFactory.create(config))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION_INVALID))
                .hasMessage("Policy rules file " + rules + " is invalid: the file does not exist; create it or set "
                        + "[policy] rules to its path");
    }
}
