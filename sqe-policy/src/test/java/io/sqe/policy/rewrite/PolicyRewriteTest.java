package io.sqe.policy.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.SessionUser;
import io.sqe.policy.QueryHarness;
import io.sqe.policy.QueryPolicy;
import io.sqe.policy.TestRules;
import io.sqe.policy.file.RulesFileEnforcer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row filters and masks in real queries, executed by Calcite. */
class PolicyRewriteTest {
    private static final String RULES = """
            rules:
              - name: no-dept-for-restricted
                roles: [restricted]
                catalog: lake
                schema: hr
                table: departments
                privileges: [select]
                effect: deny
              - name: analyst-employees
                roles: [analyst, restricted]
                catalog: lake
                schema: hr
                table: employees
                privileges: [select]
                hide_columns: [ssn]
                row_filter: "region = 'EU' OR is_role_in_session('global')"
                masks:
                  email: {type: hash}
                  name: {type: show_first, count: 1}
              - name: masker-employees
                roles: [masker]
                catalog: lake
                schema: hr
                table: employees
                privileges: [select]
                masks:
                  region: {type: fixed, value: "XX"}
                  dept_id: {type: hash}
                  email: {type: hash}
              - name: self-service
                roles: [self]
                catalog: lake
                schema: hr
                table: employees
                privileges: [select]
                row_filter: "name = current_user"
              - name: broken-mask
                roles: [broken]
                catalog: lake
                schema: hr
                table: employees
                privileges: [select]
                masks:
                  email: {type: sql, sql: "no_such_column || 'x'"}
              - name: aggregate-mask
                roles: [aggregate]
                catalog: lake
                schema: hr
                table: employees
                privileges: [select]
                masks:
                  email: {type: sql, sql: "max(email)"}
              - name: departments-for-all
                catalog: lake
                schema: hr
                table: departments
                privileges: [select]
            """;

    @TempDir
    Path directory;

    private RulesFileEnforcer enforcer;
    private final QueryHarness harness = QueryHarness.withEmployees();

    @BeforeEach
    void start() {
        enforcer = TestRules.enforcer(directory, RULES);
    }

    @AfterEach
    void stop() {
        enforcer.close();
    }

    private QueryPolicy policy(String user, String... roles) {
        return enforcer.forQuery(new SessionUser(user, Set.of(roles), Set.of()));
    }

    private List<List<Object>> query(String sql, QueryPolicy policy) {
        return harness.query(sql, policy);
    }

    @Test
    void rowFilterAppliesToPlainScan() {
        assertThat(query("SELECT id FROM employees ORDER BY id", policy("ann", "analyst")))
                .containsExactly(List.of(1), List.of(3));
        assertThat(query("SELECT id FROM employees ORDER BY id", policy("gus", "analyst", "global")))
                .containsExactly(List.of(1), List.of(2), List.of(3), List.of(4));
    }

    @Test
    void rowFilterAppliesInsideJoin() {
        assertThat(query("SELECT e.id, d.name FROM employees e JOIN departments d ON e.dept_id = d.id ORDER BY e.id",
                policy("ann", "analyst")))
                .containsExactly(List.of(1, "sales"), List.of(3, "eng"));
    }

    @Test
    void rowFilterAppliesInsideSubQueries() {
        QueryPolicy analyst = policy("ann", "analyst");
        assertThat(query("SELECT count(*) FROM departments d WHERE EXISTS "
                + "(SELECT 1 FROM employees e WHERE e.dept_id = d.id AND e.region = 'US')", analyst))
                .containsExactly(List.of(0L));
        assertThat(query("SELECT (SELECT max(salary) FROM employees) AS top", analyst))
                .containsExactly(List.of(new BigDecimal("300.00")));
        assertThat(query("SELECT name FROM departments WHERE id IN (SELECT dept_id FROM employees WHERE id > 2)",
                analyst))
                .containsExactly(List.of("eng"));
    }

    @Test
    void rowFilterAppliesInCommonTableExpressionsUnionAndWindows() {
        QueryPolicy analyst = policy("ann", "analyst");
        assertThat(query("WITH t AS (SELECT * FROM employees) SELECT count(*) FROM t a JOIN t b ON a.id = b.id",
                analyst))
                .containsExactly(List.of(2L));
        assertThat(query("SELECT id FROM employees UNION ALL SELECT id + 10 FROM employees ORDER BY 1", analyst))
                .containsExactly(List.of(1), List.of(3), List.of(11), List.of(13));
        assertThat(query("SELECT id, count(*) OVER () AS n, row_number() OVER (ORDER BY salary DESC) AS r "
                + "FROM employees ORDER BY id", analyst))
                .containsExactly(List.of(1, 2L, 2L), List.of(3, 2L, 1L));
    }

    @Test
    void currentUserIsTheSessionUser() {
        assertThat(query("SELECT id FROM employees", policy("bob", "self"))).containsExactly(List.of(2));
        assertThat(query("SELECT id FROM employees", policy("bob' OR 'x' = 'x", "self"))).isEmpty();
    }

    @Test
    void predicateOnMaskedColumnSeesOnlyMaskedValues() {
        QueryPolicy analyst = policy("ann", "analyst");
        assertThat(query("SELECT id FROM employees WHERE email = 'alice@x.com'", analyst)).isEmpty();
        assertThat(query("SELECT id FROM employees WHERE email LIKE 'alice%'", analyst)).isEmpty();
        assertThat(query("SELECT id FROM employees WHERE email = '" + hmac("alice@x.com") + "'", analyst))
                .containsExactly(List.of(1));
        assertThat(query("SELECT name, email FROM employees WHERE id = 3", analyst))
                .containsExactly(List.of("c****", hmac("carol@x.com")));
    }

    @Test
    void predicateOnMaskedColumnNeverReachesTheScanAsRawComparison() {
        String plan = harness.explain("SELECT id FROM employees WHERE email = 'alice@x.com' AND id > 0",
                policy("ann", "analyst"));
        assertThat(plan).contains("alice@x.com");
        assertThat(plan.lines().filter(line -> line.contains("alice@x.com")))
                .allSatisfy(line -> assertThat(line).contains("sqe_mask_hash"));
    }

    @Test
    void groupByCountDistinctAndJoinsSeeMaskedValues() {
        QueryPolicy masker = policy("max", "masker");
        assertThat(query("SELECT region, count(*) FROM employees GROUP BY region", masker))
                .containsExactly(List.of("XX", 4L));
        assertThat(query("SELECT count(DISTINCT region), count(DISTINCT email) FROM employees", masker))
                .containsExactly(List.of(1L, 4L));
        // dept_id is hashed: it no longer matches the departments' ids
        assertThat(query("SELECT e.id FROM employees e JOIN departments d ON e.dept_id = d.id", masker)).isEmpty();
        // the same value hashes the same way on both sides, so a self-join on a masked key still pairs rows
        assertThat(query("SELECT count(*) FROM employees a JOIN employees b ON a.email = b.email", masker))
                .containsExactly(List.of(4L));
        assertThat(query("SELECT id, count(*) OVER (PARTITION BY region) FROM employees ORDER BY id", masker))
                .containsExactly(List.of(1, 4L), List.of(2, 4L), List.of(3, 4L), List.of(4, 4L));
        assertThat(query("SELECT region FROM employees ORDER BY region, id", masker))
                .containsExactly(List.of("XX"), List.of("XX"), List.of("XX"), List.of("XX"));
    }

    @Test
    void usersCannotCallTheMaskFunctions() {
        assertThatThrownBy(() -> query("SELECT sqe_mask_hash(email, 'k') FROM employees", policy("max", "masker")))
                .hasMessageContaining("No match found for function signature sqe_mask_hash");
    }

    @Test
    void hiddenColumnReadsAsNullWhenThePlanStillHasIt() {
        QueryPolicy analyst = policy("ann", "analyst");
        assertThat(query("SELECT ssn FROM employees", analyst)).containsExactly(nullRow(), nullRow());
        assertThat(query("SELECT id FROM employees WHERE ssn = '111'", analyst)).isEmpty();
        assertThat(analyst.visibleColumns(io.sqe.policy.ObjectName.table("lake", "hr", "employees"),
                List.of("id", "name", "email", "region", "salary", "dept_id", "ssn")))
                .containsExactly("id", "name", "email", "region", "salary", "dept_id");
    }

    @Test
    void deniedTableInsideSubQueryDeniesTheQuery() {
        QueryPolicy restricted = policy("rita", "restricted");
        assertThat(query("SELECT id FROM employees ORDER BY id", restricted)).containsExactly(List.of(1), List.of(3));
        assertThatThrownBy(() -> query("SELECT id FROM employees WHERE dept_id IN (SELECT id FROM departments)",
                restricted))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .hasMessage("Access denied: user 'rita' may not SELECT from table lake.hr.departments; "
                        + "ask an administrator for access");
        assertThat(restricted.appliedRuleNames()).contains("no-dept-for-restricted", "analyst-employees");
    }

    @Test
    void unknownUserIsDeniedByDefault() {
        assertThatThrownBy(() -> query("SELECT id FROM employees", policy("eve")))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .hasMessage("Access denied: user 'eve' may not SELECT from table lake.hr.employees; "
                        + "ask an administrator for access");
    }

    @Test
    void policyThatCannotBeEvaluatedDeniesTheQuery() {
        assertThatThrownBy(() -> query("SELECT id FROM employees", policy("bo", "broken")))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .hasMessage("Access denied: the access policy could not be applied; "
                        + "ask an administrator to check the policy rules");
    }

    @Test
    void aggregateInMaskDeniesTheQuery() {
        assertThatThrownBy(() -> query("SELECT email FROM employees", policy("al", "aggregate")))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .hasMessage("Access denied: the access policy could not be applied; "
                        + "ask an administrator to check the policy rules")
                .hasRootCauseMessage("policy expression uses an aggregate function: CAST((MAX(\"email\")) AS VARCHAR)");
    }

    @Test
    void rewriteIsAppliedOnceAndRecordedForAudit() {
        QueryPolicy analyst = policy("ann", "analyst");
        RelNode once = harness.plan("SELECT e.email FROM employees e JOIN departments d ON e.dept_id = d.id",
                analyst);
        RelNode twice = analyst.rewrite(once);
        assertThat(RelOptUtil.toString(twice)).isEqualTo(RelOptUtil.toString(once));
        assertThat(RelOptUtil.toString(once)).contains("sqe_mask_hash").containsOnlyOnce("LogicalFilter");
        assertThat(analyst.appliedRuleNames()).containsExactly("analyst-employees", "departments-for-all");
        assertThat(analyst.appliedPolicies().get(0).restricted()).isTrue();
        assertThat(analyst.appliedPolicies().get(1).restricted()).isFalse();
    }

    private static List<Object> nullRow() {
        return java.util.Collections.singletonList(null);
    }

    private static String hmac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(TestRules.MASK_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
