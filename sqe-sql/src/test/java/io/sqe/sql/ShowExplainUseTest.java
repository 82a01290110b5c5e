package io.sqe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShowExplainUseTest {
    private final StatementClassifier classifier = new StatementClassifier(10_000, 200);

    private void assertError(String sql, ErrorCode code, String message) {
        assertThatThrownBy(() -> classifier.classify(sql))
                .isInstanceOfSatisfying(SqeException.class, e -> assertThat(e.errorCode()).isEqualTo(code))
                .hasMessage(message);
    }

    @Test
    void showCatalogs() {
        assertThat(classifier.classify("SHOW CATALOGS")).isEqualTo(new ShowCatalogs(Optional.empty()));
        assertThat(classifier.classify("show catalogs like 'ice%'")).isEqualTo(new ShowCatalogs(Optional.of("ice%")));
    }

    @Test
    void showSchemas() {
        assertThat(classifier.classify("SHOW SCHEMAS"))
                .isEqualTo(new ShowSchemas(Optional.empty(), Optional.empty()));
        assertThat(classifier.classify("SHOW SCHEMAS FROM Iceberg"))
                .isEqualTo(new ShowSchemas(Optional.of("iceberg"), Optional.empty()));
        assertThat(classifier.classify("SHOW SCHEMAS IN \"Ice\" LIKE 's\\_%'"))
                .isEqualTo(new ShowSchemas(Optional.of("Ice"), Optional.of("s\\_%")));
        assertError("SHOW SCHEMAS FROM a.b", ErrorCode.SYNTAX_ERROR,
                "line 1:19: too many parts in catalog name 'a.b': write catalog");
    }

    @Test
    void showTables() {
        assertThat(classifier.classify("SHOW TABLES")).isEqualTo(new ShowTables(Optional.empty(), Optional.empty()));
        assertThat(classifier.classify("SHOW TABLES FROM s LIKE 'o%'"))
                .isEqualTo(new ShowTables(Optional.of(QualifiedName.of("s")), Optional.of("o%")));
        assertThat(classifier.classify("SHOW TABLES IN c.\"S\""))
                .isEqualTo(new ShowTables(Optional.of(QualifiedName.of("c", "S")), Optional.empty()));
        assertThat(classifier.classify("SHOW TABLES").type().returnsRows()).isTrue();
        assertError("SHOW TABLES LIKE", ErrorCode.SYNTAX_ERROR,
                "line 1:17: mismatched input '<EOF>'. Expecting: <string>");
        assertError("SHOW TABLES s", ErrorCode.SYNTAX_ERROR,
                "line 1:13: mismatched input 's'. Expecting: 'FROM', 'IN', 'LIKE', <EOF>");
    }

    @Test
    void showColumnsAndDescribe() {
        ShowColumns expected = new ShowColumns(QualifiedName.of("c", "s", "T"));
        assertThat(classifier.classify("SHOW COLUMNS FROM c.s.\"T\"")).isEqualTo(expected);
        assertThat(classifier.classify("SHOW COLUMNS IN c.s.\"T\"")).isEqualTo(expected);
        assertThat(classifier.classify("DESCRIBE c.s.\"T\"")).isEqualTo(expected);
        assertThat(classifier.classify("desc c.s.\"T\";")).isEqualTo(expected);
        assertError("SHOW COLUMNS t", ErrorCode.SYNTAX_ERROR,
                "line 1:14: mismatched input 't'. Expecting: 'FROM', 'IN'");
    }

    @Test
    void showCreateTable() {
        assertThat(classifier.classify("SHOW CREATE TABLE s.t"))
                .isEqualTo(new ShowCreateTable(QualifiedName.of("s", "t")));
        assertError("SHOW CREATE VIEW v", ErrorCode.NOT_SUPPORTED, "line 1:1: SHOW CREATE VIEW is not supported");
    }

    @Test
    void unsupportedAndMistypedShow() {
        assertError("SHOW STATS FOR t", ErrorCode.NOT_SUPPORTED, "line 1:1: SHOW STATS is not supported");
        assertError("SHOW TABLS", ErrorCode.SYNTAX_ERROR, "line 1:6: mismatched input 'TABLS'. Expecting: 'CATALOGS', "
                + "'SCHEMAS', 'TABLES', 'COLUMNS', 'CREATE', 'SESSION', 'FUNCTIONS'");
    }

    @Test
    void use() {
        assertThat(classifier.classify("USE s")).isEqualTo(new Use(Optional.empty(), "s"));
        assertThat(classifier.classify("USE Iceberg.\"Sales\"")).isEqualTo(new Use(Optional.of("iceberg"), "Sales"));
        assertThat(classifier.classify("USE s").type().returnsRows()).isFalse();
        assertError("USE a.b.c", ErrorCode.SYNTAX_ERROR,
                "line 1:5: too many parts in schema name 'a.b.c': write [catalog.]schema");
        assertError("USE", ErrorCode.SYNTAX_ERROR, "line 1:4: mismatched input '<EOF>'. Expecting: <identifier>");
    }

    @Test
    void explainQueriesInsertsAndCtas() {
        Explain explain = (Explain) classifier.classify("EXPLAIN SELECT 1");
        assertThat(explain.analyze()).isFalse();
        assertThat(explain.statement().type()).isEqualTo(StatementType.QUERY);
        assertThat(explain.type().returnsRows()).isTrue();
        Explain analyze = (Explain) classifier.classify("EXPLAIN ANALYZE INSERT INTO t VALUES (1)");
        assertThat(analyze.analyze()).isTrue();
        assertThat(analyze.statement()).isInstanceOf(Insert.class);
        Explain ctas = (Explain) classifier.classify("explain create table t as select 1 as a");
        assertThat(ctas.statement().type()).isEqualTo(StatementType.CREATE_TABLE_AS_SELECT);
    }

    @Test
    void explainErrors() {
        assertError("EXPLAIN CREATE TABLE t (a int)", ErrorCode.NOT_SUPPORTED,
                "line 1:9: EXPLAIN supports queries, INSERT and CREATE TABLE AS SELECT, not CREATE TABLE");
        assertError("EXPLAIN DROP TABLE t", ErrorCode.NOT_SUPPORTED,
                "line 1:9: EXPLAIN supports queries, INSERT and CREATE TABLE AS SELECT, not DROP TABLE");
        assertError("EXPLAIN (TYPE DISTRIBUTED) SELECT 1", ErrorCode.NOT_SUPPORTED,
                "line 1:9: EXPLAIN options (TYPE, FORMAT) are not supported");
        assertError("EXPLAIN SELECT * FORM t", ErrorCode.SYNTAX_ERROR,
                "line 1:23: mismatched input 't'. Expecting: ',', 'FROM', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', ...");
        assertError("EXPLAIN", ErrorCode.SYNTAX_ERROR, "line 1:8: mismatched input '<EOF>'. Expecting: 'SELECT',"
                + " 'WITH', 'VALUES', 'INSERT', 'CREATE', 'DROP', 'SHOW', 'DESCRIBE', 'USE', 'EXPLAIN'");
    }
}
