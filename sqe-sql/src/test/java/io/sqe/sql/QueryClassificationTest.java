package io.sqe.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

class QueryClassificationTest {
    private final StatementClassifier classifier = new StatementClassifier(10_000, 200);

    private SqlNode query(String sql) {
        StatementKind kind = classifier.classify(sql);
        assertThat(kind.type()).isEqualTo(StatementType.QUERY);
        assertThat(kind.type().returnsRows()).isTrue();
        return ((Query) kind).query();
    }

    @Test
    void selectFoldsUnquotedIdentifiersAndKeepsQuotedOnes() {
        SqlNode node = query("SELECT MyColumn, \"MyColumn\" FROM Sales.\"Orders\"");
        assertThat(node.toString()).isEqualTo("SELECT `mycolumn`, `MyColumn`\nFROM `sales`.`Orders`");
    }

    @Test
    void everyQueryShapeIsAQuery() {
        assertThat(query("SELECT 1").getKind()).isEqualTo(SqlKind.SELECT);
        assertThat(query("VALUES (1, 'a'), (2, 'b')").getKind()).isEqualTo(SqlKind.VALUES);
        assertThat(query("WITH x AS (SELECT 1 AS a) SELECT a FROM x").getKind()).isEqualTo(SqlKind.WITH);
        assertThat(query("SELECT a FROM t UNION ALL SELECT a FROM u").getKind()).isEqualTo(SqlKind.UNION);
        assertThat(query("SELECT a FROM t INTERSECT SELECT a FROM u").getKind()).isEqualTo(SqlKind.INTERSECT);
        assertThat(query("SELECT a FROM t EXCEPT SELECT a FROM u").getKind()).isEqualTo(SqlKind.EXCEPT);
        assertThat(query("SELECT a FROM t ORDER BY a DESC NULLS LAST").getKind()).isEqualTo(SqlKind.ORDER_BY);
        assertThat(query("(SELECT 1) UNION (SELECT 2)").getKind()).isEqualTo(SqlKind.UNION);
        assertThat(query("TABLE t").getKind()).isEqualTo(SqlKind.EXPLICIT_TABLE);
    }

    @Test
    void selectWithWhereButNoFromReadsOneRow() {
        SqlSelect select = (SqlSelect) query("SELECT CAST(NULL AS varchar) table_cat, 1 AS x WHERE false");
        assertThat(select.getFrom()).isNotNull();
        assertThat(select.getWhere().toString()).isEqualTo("FALSE");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> classifier.classify("SELECT 1 WHERE")))
                .isInstanceOf(io.sqe.core.error.SqeException.class)
                .hasMessageStartingWith("line 1:");
    }

    @Test
    void limitOffsetAndFetchBothWork() {
        assertThat(query("SELECT a FROM t LIMIT 10 OFFSET 5").toString())
                .isEqualTo("SELECT `a`\nFROM `t`\nOFFSET 5 ROWS\nFETCH NEXT 10 ROWS ONLY");
        assertThat(query("SELECT a FROM t OFFSET 5 ROWS FETCH NEXT 10 ROWS ONLY").toString())
                .isEqualTo("SELECT `a`\nFROM `t`\nOFFSET 5 ROWS\nFETCH NEXT 10 ROWS ONLY");
    }

    @Test
    void concatenationAndNonReservedWordsAsColumnNames() {
        SqlNode node = query("SELECT a || b, value, year, \"date\", first, last, type, format FROM t");
        assertThat(((SqlSelect) node).getSelectList().toString())
                .isEqualTo("`a` || `b`, `value`, `year`, `date`, `first`, `last`, `type`, `format`");
    }

    @Test
    void commentsAndTrailingSemicolonAreAllowed() {
        SqlNode node = query("-- leading comment\nSELECT /* inline */ a FROM t -- trailing\n;");
        assertThat(node.toString()).isEqualTo("SELECT `a`\nFROM `t`");
    }

    @Test
    void stringsKeepSemicolonsAndQuotes() {
        SqlNode node = query("SELECT 'a;b', 'it''s' FROM t WHERE c = ';'");
        assertThat(node.toString()).isEqualTo("SELECT 'a;b', 'it''s'\nFROM `t`\nWHERE `c` = ';'");
    }

    @Test
    void nestingUpToTheLimitParses() {
        String nested = "SELECT " + "(".repeat(200) + "1" + ")".repeat(200);
        assertThat(query(nested).getKind()).isEqualTo(SqlKind.SELECT);
        String subqueries = "SELECT * FROM " + "(SELECT * FROM ".repeat(100) + "t" + ") x".repeat(100);
        assertThat(query(subqueries).getKind()).isEqualTo(SqlKind.SELECT);
    }

    @Test
    void trinoFunctionsAndSyntaxParse() {
        SqlNode node = query("SELECT count(*) FILTER (WHERE a > 1), try_cast(b AS integer), DATE '2024-01-01',"
                + " CAST(c AS varchar), row_number() OVER (PARTITION BY d ORDER BY e) FROM t GROUP BY 1");
        assertThat(node.getKind()).isEqualTo(SqlKind.SELECT);
    }
}
