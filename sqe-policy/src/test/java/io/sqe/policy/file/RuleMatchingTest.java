package io.sqe.policy.file;

import static io.sqe.policy.ObjectName.catalog;
import static io.sqe.policy.ObjectName.schema;
import static io.sqe.policy.ObjectName.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.SessionUser;
import io.sqe.policy.AppliedPolicy;
import io.sqe.policy.Privilege;
import io.sqe.policy.QueryPolicy;
import io.sqe.policy.TestRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access decisions: first match wins, default deny, user/role/group and object patterns. */
class RuleMatchingTest {
    private static final String RULES = """
            rules:
              - name: nobody-drops-finance
                catalog: lake
                schema: finance
                privileges: [drop]
                effect: deny
              - name: dba-everything
                groups: [dba]
                privileges: [all]
              - name: no-payroll-for-interns
                roles: [intern]
                catalog: lake
                schema: finance
                table: payroll
                privileges: [select]
                effect: deny
              - name: finance-readers
                roles: ["finance_*"]
                catalog: lake
                schema: finance
                privileges: [select]
              - name: alice-sandbox
                users: [alice]
                catalog: lake
                schema: "sandbox_?"
                privileges: [select, insert, create, drop]
              - name: catalog-creators
                users: [carl]
                catalog: lake
                privileges: [create]
            """;

    @TempDir
    Path directory;

    private RulesFileEnforcer enforcer;

    @BeforeEach
    void start() {
        enforcer = TestRules.enforcer(directory, RULES);
    }

    @AfterEach
    void stop() {
        enforcer.close();
    }

    private QueryPolicy policy(String user, Set<String> roles, Set<String> groups) {
        return enforcer.forQuery(new SessionUser(user, roles, groups));
    }

    @Test
    void firstMatchingRuleWins() {
        QueryPolicy dba = policy("dora", Set.of(), Set.of("dba"));
        assertThat(dba.isAllowed(Privilege.SELECT, table("lake", "finance", "payroll"))).isTrue();
        assertThat(dba.isAllowed(Privilege.DROP, table("lake", "finance", "payroll"))).isFalse();
        assertThat(dba.isAllowed(Privilege.DROP, schema("lake", "finance"))).isFalse();
        assertThat(dba.isAllowed(Privilege.DROP, table("lake", "sales", "orders"))).isTrue();

        QueryPolicy intern = policy("ian", Set.of("intern", "finance_reader"), Set.of());
        assertThat(intern.isAllowed(Privilege.SELECT, table("lake", "finance", "payroll"))).isFalse();
        assertThat(intern.isAllowed(Privilege.SELECT, table("lake", "finance", "ledger"))).isTrue();
    }

    @Test
    void nothingMatchingMeansDenied() {
        QueryPolicy nobody = policy("nina", Set.of(), Set.of());
        assertThat(nobody.isAllowed(Privilege.SELECT, table("lake", "finance", "ledger"))).isFalse();
        assertThatThrownBy(() -> nobody.checkAccess(Privilege.SELECT, table("lake", "finance", "ledger")))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .hasMessage("Access denied: user 'nina' may not SELECT from table lake.finance.ledger; "
                        + "ask an administrator for access");
        assertThat(nobody.appliedPolicies()).containsExactly(new AppliedPolicy(Optional.empty(), Privilege.SELECT,
                table("lake", "finance", "ledger"), false, false));
    }

    @Test
    void privilegesAreCheckedSeparately() {
        QueryPolicy reader = policy("fred", Set.of("finance_reader"), Set.of());
        reader.checkAccess(Privilege.SELECT, table("lake", "finance", "ledger"));
        assertThatThrownBy(() -> reader.checkAccess(Privilege.INSERT, table("lake", "finance", "ledger")))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .hasMessage("Access denied: user 'fred' may not INSERT into table lake.finance.ledger; "
                        + "ask an administrator for access");
        assertThat(reader.appliedRuleNames()).containsExactly("finance-readers");
    }

    @Test
    void schemaAndCatalogLevelObjects() {
        QueryPolicy alice = policy("alice", Set.of(), Set.of());
        alice.checkAccess(Privilege.CREATE, schema("lake", "sandbox_1"));
        alice.checkAccess(Privilege.CREATE, table("lake", "sandbox_1", "scratch"));
        alice.checkAccess(Privilege.DROP, schema("lake", "sandbox_1"));
        assertThat(alice.isAllowed(Privilege.CREATE, schema("lake", "sandbox_12"))).isFalse();
        assertThat(alice.isAllowed(Privilege.CREATE, catalog("lake"))).isFalse();
        assertThatThrownBy(() -> alice.checkAccess(Privilege.DROP, schema("lake", "finance")))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .hasMessage("Access denied: user 'alice' may not DROP schema lake.finance; "
                        + "ask an administrator for access");

        QueryPolicy carl = policy("carl", Set.of(), Set.of());
        assertThat(carl.isAllowed(Privilege.CREATE, catalog("lake"))).isTrue();
        assertThat(carl.isAllowed(Privilege.CREATE, schema("lake", "new"))).isTrue();
        assertThat(carl.isAllowed(Privilege.CREATE, table("lake", "new", "t"))).isTrue();
        assertThat(carl.isAllowed(Privilege.CREATE, catalog("other"))).isFalse();
    }

    @Test
    void visibilityForListings() {
        QueryPolicy reader = policy("fred", Set.of("finance_reader"), Set.of());
        assertThat(reader.isVisible(catalog("lake"))).isTrue();
        assertThat(reader.isVisible(schema("lake", "finance"))).isTrue();
        assertThat(reader.isVisible(table("lake", "finance", "ledger"))).isTrue();
        assertThat(reader.isVisible(schema("lake", "sales"))).isFalse();
        assertThat(reader.isVisible(table("lake", "sales", "orders"))).isFalse();
        assertThat(reader.isVisible(catalog("other"))).isFalse();
        QueryPolicy intern = policy("ian", Set.of("intern"), Set.of());
        assertThat(intern.isVisible(table("lake", "finance", "payroll"))).isFalse();
    }

    @Test
    void visibleColumnsOfAnUnreadableTableAreNone() {
        QueryPolicy nobody = policy("nina", Set.of(), Set.of());
        assertThat(nobody.visibleColumns(table("lake", "finance", "ledger"), List.of("a", "b"))).isEmpty();
        QueryPolicy reader = policy("fred", Set.of("finance_reader"), Set.of());
        assertThat(reader.visibleColumns(table("lake", "finance", "ledger"), List.of("a", "b")))
                .containsExactly("a", "b");
    }
}
