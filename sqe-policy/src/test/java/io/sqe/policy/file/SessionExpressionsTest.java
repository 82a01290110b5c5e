package io.sqe.policy.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.session.SessionUser;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionExpressionsTest {
    private static final SessionUser ALICE = new SessionUser("alice", Set.of("analyst"), Set.of("emea"));

    @Test
    void currentUserBecomesAQuotedLiteral() {
        assertThat(SessionExpressions.substitute("owner = current_user", ALICE)).isEqualTo("\"owner\" = 'alice'");
        assertThat(SessionExpressions.substitute("owner = CURRENT_USER OR owner = session_user", ALICE))
                .isEqualTo("\"owner\" = 'alice' OR \"owner\" = 'alice'");
    }

    @Test
    void userNamesCannotInjectSql() {
        SessionUser attacker = new SessionUser("x' OR '1' = '1", Set.of(), Set.of());
        assertThat(SessionExpressions.substitute("owner = current_user", attacker))
                .isEqualTo("\"owner\" = 'x'' OR ''1'' = ''1'");
    }

    @Test
    void quotedColumnNamedLikeTheFunctionStaysAColumn() {
        assertThat(SessionExpressions.substitute("\"current_user\" = 'x'", ALICE))
                .isEqualTo("\"current_user\" = 'x'");
    }

    @Test
    void roleAndGroupChecksBecomeBooleans() {
        assertThat(SessionExpressions.substitute("is_role_in_session('analyst') OR region = 'EU'", ALICE))
                .isEqualTo("TRUE OR \"region\" = 'EU'");
        assertThat(SessionExpressions.substitute("is_role_in_session('admin')", ALICE)).isEqualTo("FALSE");
        assertThat(SessionExpressions.substitute("is_group_member('emea') AND NOT is_group_member('apac')", ALICE))
                .isEqualTo("TRUE AND NOT FALSE");
    }

    @Test
    void badExpressionsAreRejected() {
        assertThatThrownBy(() -> SessionExpressions.validate("is_role_in_session(role_column)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("is_role_in_session takes one string literal, for example is_role_in_session('analyst')");
        assertThatThrownBy(() -> SessionExpressions.validate("region = "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("does not parse: ");
        assertThatThrownBy(() -> SessionExpressions.validate("region IN (SELECT region FROM allowed)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sub-queries are not supported in policy expressions");
        assertThatThrownBy(() -> SessionExpressions.validate("row_number() OVER (ORDER BY id) < 10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window and aggregate functions are not allowed in policy expressions: they see one "
                        + "row at a time");
    }
}
