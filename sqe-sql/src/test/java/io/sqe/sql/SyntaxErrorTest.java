package io.sqe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.error.SqeException.ErrorLocation;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SyntaxErrorTest {
    private final StatementClassifier classifier = new StatementClassifier(10_000, 200);

    /** Asserts the code, the exact one-line message and the location it names. */
    private void assertError(String sql, ErrorCode code, String message, int line, int column) {
        assertThatThrownBy(() -> classifier.classify(sql))
                .isInstanceOfSatisfying(SqeException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(code);
                    assertThat(e.location()).contains(new ErrorLocation(line, column));
                    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r");
                })
                .hasMessage(message);
    }

    @Test
    void calcitePartReportsTheTokenAndPosition() {
        // Calcite, like Trino, reads FORM as an alias of *; the first token it cannot fit is t
        assertError("SELECT * FORM t", ErrorCode.SYNTAX_ERROR,
                "line 1:15: mismatched input 't'. Expecting: ',', 'FROM', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', ...",
                1, 15);
        assertError("SELECT a FROM t GROUP a", ErrorCode.SYNTAX_ERROR,
                "line 1:23: mismatched input 'a'. Expecting: 'BY'", 1, 23);
        assertError("SELECT (1 + ) FROM t", ErrorCode.SYNTAX_ERROR,
                "line 1:13: mismatched input ')'. Expecting: <expression>", 1, 13);
    }

    @Test
    void multiLineInputReportsTheRightLine() {
        assertError("SELECT a,\n       b\nFROM t\nWHERE", ErrorCode.SYNTAX_ERROR,
                "line 4:6: mismatched input '<EOF>'. Expecting: <expression>", 4, 6);
        assertError("SELECT a\r\nFROM t\r\nWHERE a b", ErrorCode.SYNTAX_ERROR,
                "line 3:9: mismatched input 'b'. Expecting: 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET',"
                        + " 'FETCH', ...", 3, 9);
        assertError("SELECT\t\ta b c", ErrorCode.SYNTAX_ERROR,
                "line 1:13: mismatched input 'c'. Expecting: ',', 'FROM', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', ...",
                1, 13);
    }

    @Test
    void queryInsideAStatementReportsPositionsInTheOriginalText() {
        assertError("CREATE TABLE t\nWITH (format = 'PARQUET')\nAS SELECT *\n   FORM x y", ErrorCode.SYNTAX_ERROR,
                "line 4:9: mismatched input 'x'. Expecting: ',', 'FROM', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', ...",
                4, 9);
        assertError("INSERT INTO t (a)\n  SELECT 1 FROM", ErrorCode.SYNTAX_ERROR,
                "line 2:16: mismatched input '<EOF>'. Expecting: '(', <identifier>, 'LATERAL', 'TABLE', 'UNNEST'",
                2, 16);
    }

    @Test
    void handWrittenPartReportsTheTokenAndPosition() {
        assertError("CREATE TABLE t (\n  a int,\n  b bigint\n  c date)", ErrorCode.SYNTAX_ERROR,
                "line 4:3: mismatched input 'c'. Expecting: ',', ')', 'NOT', 'COMMENT'", 4, 3);
        assertError("DROP TABEL t", ErrorCode.SYNTAX_ERROR,
                "line 1:6: mismatched input 'TABEL'. Expecting: 'SCHEMA', 'TABLE'", 1, 6);
        assertError("FOO BAR", ErrorCode.SYNTAX_ERROR, "line 1:1: mismatched input 'FOO'. Expecting: 'SELECT',"
                + " 'WITH', 'VALUES', 'INSERT', 'CREATE', 'DROP', 'SHOW', 'DESCRIBE', 'USE', 'EXPLAIN'", 1, 1);
    }

    @Test
    void reservedWordsUsedAsNamesSayHowToQuoteThem() {
        assertError("SELECT date, value FROM t", ErrorCode.SYNTAX_ERROR,
                "line 1:12: mismatched input ','. Expecting: '(', <string>"
                        + " ('date' is a reserved word: write \"date\" to use it as a name)", 1, 12);
    }

    @Test
    void lexicalErrors() {
        assertError("SELECT 'abc", ErrorCode.SYNTAX_ERROR,
                "line 1:8: unterminated string literal: add the closing quote (')", 1, 8);
        assertError("SELECT \"abc FROM t", ErrorCode.SYNTAX_ERROR,
                "line 1:8: unterminated quoted identifier: add the closing quote (\")", 1, 8);
        assertError("SELECT 1\n/* never closed", ErrorCode.SYNTAX_ERROR,
                "line 2:1: unterminated comment: '/*' has no matching '*/'", 2, 1);
        assertError("SELECT \"\" FROM t", ErrorCode.SYNTAX_ERROR, "line 1:8: zero-length delimited identifier \"\"",
                1, 8);
    }

    @Test
    void emptyAndMultipleStatements() {
        for (String empty : new String[] {"", "   ", ";", "-- only a comment\n", "/* nothing */ ;"}) {
            assertThatThrownBy(() -> classifier.classify(empty))
                    .isInstanceOfSatisfying(SqeException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR))
                    .hasMessage("empty statement");
        }
        assertError("SELECT 1; SELECT 2", ErrorCode.SYNTAX_ERROR,
                "line 1:9: only one statement can be run at a time; remove the text after ';'", 1, 9);
        assertError("SELECT 1;;", ErrorCode.SYNTAX_ERROR,
                "line 1:9: only one statement can be run at a time; remove the text after ';'", 1, 9);
    }

    @Test
    void unsupportedStatements() {
        assertError("UPDATE t SET a = 1", ErrorCode.NOT_SUPPORTED, "line 1:1: UPDATE statements are not supported",
                1, 1);
        assertError("  delete from t", ErrorCode.NOT_SUPPORTED, "line 1:3: DELETE statements are not supported", 1, 3);
        assertError("DROP VIEW v", ErrorCode.NOT_SUPPORTED, "line 1:1: DROP VIEW is not supported", 1, 1);
    }

    @Test
    void statementLengthLimit() {
        StatementClassifier small = new StatementClassifier(20, 200);
        assertThat(small.classify("SELECT 1 FROM t").type()).isEqualTo(StatementType.QUERY);
        assertThatThrownBy(() -> small.classify("SELECT a, b, c FROM some_table"))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.QUERY_TEXT_TOO_LARGE))
                .hasMessage("statement is too large: 30 characters, the limit is 20; shorten the statement");
    }

    @Test
    void nestingDepthLimit() {
        StatementClassifier shallow = new StatementClassifier(10_000, 3);
        assertThat(shallow.classify("SELECT ((1)) FROM (SELECT 1) t").type()).isEqualTo(StatementType.QUERY);
        assertError("SELECT " + "(".repeat(201) + "1" + ")".repeat(201), ErrorCode.QUERY_TEXT_TOO_LARGE,
                "line 1:208: statement is nested too deeply: more than 200 levels of parentheses, subqueries or CASE"
                        + " expressions; simplify the statement", 1, 208);
        assertThatThrownBy(() -> shallow.classify("SELECT CASE WHEN a THEN CASE WHEN b THEN (SELECT (1)) END END"))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.QUERY_TEXT_TOO_LARGE))
                .hasMessage("line 1:50: statement is nested too deeply: more than 3 levels of parentheses,"
                        + " subqueries or CASE expressions; simplify the statement");
    }

    @Test
    void longOperatorChainsFailFastWithAClearMessage() {
        StatementClassifier large = new StatementClassifier(1_000_000, 200);
        String longest = "SELECT * FROM t WHERE a = 0" + " OR a = 1".repeat(999);
        assertThat(large.classify(longest).type()).isEqualTo(StatementType.QUERY);
        String chain = "SELECT 1" + " + 1".repeat(100_000);
        assertThatThrownBy(() -> large.classify(chain))
                .isInstanceOfSatisfying(SqeException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.QUERY_TEXT_TOO_LARGE);
                    assertThat(e.location()).contains(new ErrorLocation(1, 8_010));
                })
                .hasMessage("line 1:8010: expression is too long: more than 2000 operators (such as AND, OR, +, ="
                        + " or UNION) in a row; use IN lists, split the expression or the statement");
        String values = "VALUES " + "(1 + 1), ".repeat(5_000) + "(1)";
        assertThat(large.classify(values).type()).isEqualTo(StatementType.QUERY);
    }

    @Test
    void stackOverflowInCalciteBecomesAnError() throws InterruptedException {
        String nested = "SELECT * FROM " + "(SELECT * FROM ".repeat(190) + "t" + ") x".repeat(190);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // a small stack makes Calcite's recursive descent overflow well inside the nesting limit
        Thread thread = new Thread(null, () -> {
            try {
                classifier.classify(nested);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        thread.join(60_000);
        assertThat(failure.get())
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.QUERY_TEXT_TOO_LARGE))
                .hasMessage("line 1:1: statement is too complex to parse: expressions are nested or chained too"
                        + " deeply; simplify it");
    }
}
