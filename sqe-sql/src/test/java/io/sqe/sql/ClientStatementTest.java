package io.sqe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The session statements Trino clients send: prepared statements and session properties. */
class ClientStatementTest {
    private final StatementClassifier classifier = new StatementClassifier(10_000, 200);

    private void assertError(String sql, ErrorCode code, String message) {
        assertThatThrownBy(() -> classifier.classify(sql))
                .isInstanceOfSatisfying(SqeException.class, e -> assertThat(e.errorCode()).isEqualTo(code))
                .hasMessage(message);
    }

    @Test
    void prepareKeepsTheStatementTextAsWritten() {
        assertThat(classifier.classify("PREPARE statement1 FROM SELECT a, ? FROM \"T\" WHERE b = ?;"))
                .isEqualTo(new Prepare("statement1", "SELECT a, ? FROM \"T\" WHERE b = ?"));
        assertThat(classifier.classify("prepare s from insert into t values (?)"))
                .isEqualTo(new Prepare("s", "insert into t values (?)"));
        assertThat(classifier.classify("PREPARE s FROM SELECT 1").type().returnsRows()).isFalse();
        assertError("PREPARE s FROM SELEC 1", ErrorCode.SYNTAX_ERROR, "line 1:16: mismatched input 'SELEC'. Expecting: "
                + "'SELECT', 'WITH', 'VALUES', 'INSERT', 'CREATE', 'DROP', 'SHOW', 'DESCRIBE', 'USE', 'EXPLAIN'");
        assertError("PREPARE s FROM DEALLOCATE PREPARE t", ErrorCode.NOT_SUPPORTED,
                "line 1:16: DEALLOCATE cannot be prepared");
    }

    @Test
    void executeSplitsParametersAtTopLevelCommas() {
        assertThat(classifier.classify("EXECUTE s")).isEqualTo(new Execute("s", List.of()));
        assertThat(classifier.classify("EXECUTE s USING 1, 'a,b', DECIMAL '1.5', CAST(NULL AS varchar), f(1, 2)"))
                .isEqualTo(new Execute("s", List.of("1", "'a,b'", "DECIMAL '1.5'", "CAST(NULL AS varchar)",
                        "f(1, 2)")));
        assertThat(classifier.classify("EXECUTE IMMEDIATE 'SELECT ? || ''x''' USING 'y'"))
                .isEqualTo(new ExecuteImmediate("SELECT ? || 'x'", List.of("'y'")));
        assertError("EXECUTE s USING 1,", ErrorCode.SYNTAX_ERROR,
                "line 1:19: mismatched input '<EOF>'. Expecting: <expression>");
        assertError("EXECUTE s 1", ErrorCode.SYNTAX_ERROR, "line 1:11: mismatched input '1'. Expecting: 'USING'");
    }

    @Test
    void deallocate() {
        assertThat(classifier.classify("DEALLOCATE PREPARE s")).isEqualTo(new Deallocate("s"));
        assertError("DEALLOCATE s", ErrorCode.SYNTAX_ERROR,
                "line 1:12: mismatched input 's'. Expecting: 'PREPARE'");
    }

    @Test
    void sessionProperties() {
        assertThat(classifier.classify("SET SESSION query_max_run_time = '10m'"))
                .isEqualTo(new SetSession("query_max_run_time", "10m"));
        assertThat(classifier.classify("SET SESSION iceberg.target_size = 1024 * 2"))
                .isEqualTo(new SetSession("iceberg.target_size", "1024 * 2"));
        assertThat(classifier.classify("RESET SESSION iceberg.target_size"))
                .isEqualTo(new ResetSession("iceberg.target_size"));
        assertError("SET SESSION x", ErrorCode.SYNTAX_ERROR, "line 1:14: mismatched input '<EOF>'. Expecting: '='");
        assertError("SET ROLE admin", ErrorCode.NOT_SUPPORTED, "line 1:1: SET statements are not supported");
        assertError("SET SESSION AUTHORIZATION u", ErrorCode.NOT_SUPPORTED, "line 1:1: SET statements are not supported");
    }

    @Test
    void showSessionAndFunctions() {
        assertThat(classifier.classify("SHOW SESSION")).isEqualTo(new ShowSession(Optional.empty()));
        assertThat(classifier.classify("SHOW FUNCTIONS LIKE 'up%'")).isEqualTo(new ShowFunctions(Optional.of("up%")));
        assertThat(classifier.classify("SHOW FUNCTIONS").type().returnsRows()).isTrue();
    }
}
