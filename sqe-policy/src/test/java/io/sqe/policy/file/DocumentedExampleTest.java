package io.sqe.policy.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqe.core.session.SessionUser;
import io.sqe.policy.ObjectName;
import io.sqe.policy.Privilege;
import io.sqe.policy.TablePolicy;
import io.sqe.policy.TestRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The complete example in docs/policy.md loads and means what the document says. */
class DocumentedExampleTest {
    private static final Path DOCUMENT = Path.of("..", "docs", "policy.md");

    @TempDir
    Path directory;

    @Test
    void completeExampleLoadsAndDecidesAsDescribed() throws IOException {
        String document = Files.readString(DOCUMENT, StandardCharsets.UTF_8);
        int section = document.indexOf("### A complete example");
        int start = document.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = document.substring(start, document.indexOf("```", start));
        try (RulesFileEnforcer enforcer = TestRules.enforcer(directory, yaml)) {
            SessionUser admin = new SessionUser("root", Set.of(), Set.of("dba"));
            assertThat(enforcer.forQuery(admin).isAllowed(Privilege.DROP, ObjectName.table("lake", "finance", "x")))
                    .isFalse();
            assertThat(enforcer.forQuery(admin).isAllowed(Privilege.DROP, ObjectName.table("lake", "sales", "x")))
                    .isTrue();
            SessionUser intern = new SessionUser("ivy", Set.of("intern", "payroll_analyst"), Set.of());
            assertThat(enforcer.forQuery(intern).isAllowed(Privilege.SELECT,
                    ObjectName.table("lake", "finance", "payroll"))).isFalse();

            SessionUser analyst = new SessionUser("pat", Set.of("payroll_analyst"), Set.of());
            RelDataTypeFactory types = new JavaTypeFactoryImpl();
            RelDataType payroll = types.builder()
                    .add("country", SqlTypeName.VARCHAR).nullable(true)
                    .add("email", SqlTypeName.VARCHAR).nullable(true)
                    .add("iban", SqlTypeName.VARCHAR).nullable(true)
                    .add("birth_date", SqlTypeName.DATE).nullable(true)
                    .add("salary", SqlTypeName.DECIMAL, 12, 2).nullable(true)
                    .add("notes", SqlTypeName.VARCHAR).nullable(true)
                    .add("bank_account", SqlTypeName.VARCHAR).nullable(true)
                    .add("tax_secret", SqlTypeName.VARCHAR).nullable(true)
                    .build();
            TablePolicy policy = enforcer.forQuery(analyst)
                    .tablePolicy(ObjectName.table("lake", "finance", "payroll"), payroll);
            assertThat(policy.visibleColumns()).containsExactly("country", "email", "iban", "birth_date", "salary",
                    "notes");
            assertThat(policy.rowFilter()).hasValue("\"country\" = 'DE' OR FALSE");
            assertThat(policy.columnExpressions()).containsOnlyKeys("email", "iban", "birth_date", "salary", "notes",
                    "bank_account", "tax_secret");
            assertThat(policy.columnExpressions().get("birth_date")).isEqualTo("CAST(FLOOR(\"birth_date\" TO YEAR) AS DATE)");
            assertThat(policy.columnExpressions().get("salary"))
                    .isEqualTo("CAST((ROUND(\"salary\", -3)) AS DECIMAL(12, 2))");
            assertThat(policy.columnExpressions().get("bank_account")).isEqualTo("CAST(NULL AS VARCHAR)");
            assertThat(policy.rule()).hasValue("payroll-analysts");
        }
    }
}
