package io.sqe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementSplitterTest {
    @Test
    void splitsAtSemicolonsAndTrims() {
        assertThat(StatementSplitter.statements("SELECT 1;  SELECT 2 ;\nSELECT 3"))
                .containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
    }

    @Test
    void semicolonInsideStringLiteralDoesNotSplit() {
        assertThat(StatementSplitter.statements("SELECT 'a;b', 'it''s; fine'; SELECT 2;"))
                .containsExactly("SELECT 'a;b', 'it''s; fine'", "SELECT 2");
    }

    @Test
    void semicolonInsideQuotedIdentifierDoesNotSplit() {
        assertThat(StatementSplitter.statements("SELECT \"odd;name\", \"say \"\"hi;\"\"\" FROM t;"))
                .containsExactly("SELECT \"odd;name\", \"say \"\"hi;\"\"\" FROM t");
    }

    @Test
    void semicolonInsideCommentsDoesNotSplit() {
        String script = "SELECT 1 -- not here; nor here\n, 2 /* nor; here */ FROM t; SELECT 3;";

        assertThat(StatementSplitter.statements(script))
                .containsExactly("SELECT 1 -- not here; nor here\n, 2 /* nor; here */ FROM t", "SELECT 3");
    }

    @Test
    void statementsOfOnlyCommentsAndEmptyStatementsAreDropped() {
        assertThat(StatementSplitter.statements(";; -- just a comment\n; /* block */ ;\n  ")).isEmpty();
        assertThat(StatementSplitter.statements("-- header\nSELECT 1;\n-- trailer\n"))
                .containsExactly("-- header\nSELECT 1");
    }

    @Test
    void multiLineStatementIsIncompleteUntilItsSemicolon() {
        assertThat(StatementSplitter.isComplete("SELECT *\nFROM t")).isFalse();
        assertThat(StatementSplitter.isComplete("SELECT *\nFROM t\nWHERE x = 1;")).isTrue();
        assertThat(StatementSplitter.isComplete("SELECT 1; SELECT")).isFalse();
        assertThat(StatementSplitter.isComplete("")).isTrue();
        assertThat(StatementSplitter.isComplete("  -- only a comment")).isTrue();
    }

    @Test
    void unclosedLiteralOrCommentIsIncompleteEvenAfterASemicolon() {
        assertThat(StatementSplitter.isComplete("SELECT 'abc;")).isFalse();
        assertThat(StatementSplitter.isComplete("SELECT 'abc;\n';")).isTrue();
        assertThat(StatementSplitter.isComplete("SELECT 1; /* still open;")).isFalse();
        assertThat(StatementSplitter.isComplete("SELECT 1; /* closed */")).isTrue();
        assertThat(StatementSplitter.isComplete("SELECT \"a;")).isFalse();
    }

    @Test
    void splitKeepsTheUnfinishedRemainder() {
        StatementSplitter.Split split = StatementSplitter.split("SELECT 1; SELECT 2;\nSELECT\n  3");

        assertThat(split.complete()).containsExactly("SELECT 1", "SELECT 2");
        assertThat(split.remainder()).isEqualTo("\nSELECT\n  3");
        assertThat(split.remainderHasContent()).isTrue();
        assertThat(split.unclosed()).isFalse();
    }

    @Test
    void unterminatedLastStatementOfAScriptStillRuns() {
        assertThat(StatementSplitter.statements("SELECT 'open")).containsExactly("SELECT 'open");
    }
}
