package io.sqe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.sql.DataType.Base;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.sql.SqlKind;
import org.junit.jupiter.api.Test;

class DdlClassificationTest {
    private final StatementClassifier classifier = new StatementClassifier(10_000, 200);

    @SuppressWarnings("unchecked")
    private <T extends StatementKind> T classify(String sql, Class<T> expected) {
        StatementKind kind = classifier.classify(sql);
        assertThat(kind).isInstanceOf(expected);
        return (T) kind;
    }

    private void assertError(String sql, ErrorCode code, String message) {
        assertThatThrownBy(() -> classifier.classify(sql))
                .isInstanceOfSatisfying(SqeException.class, e -> assertThat(e.errorCode()).isEqualTo(code))
                .hasMessage(message);
    }

    @Test
    void createSchema() {
        assertThat(classify("CREATE SCHEMA sales", CreateSchema.class))
                .isEqualTo(new CreateSchema(QualifiedName.of("sales"), false));
        CreateSchema schema = classify("create schema if not exists Iceberg.\"Sales\"", CreateSchema.class);
        assertThat(schema).isEqualTo(new CreateSchema(QualifiedName.of("iceberg", "Sales"), true));
        assertThat(schema.type()).isEqualTo(StatementType.CREATE_SCHEMA);
        assertThat(schema.type().returnsRows()).isFalse();
        assertError("CREATE SCHEMA a.b.c", ErrorCode.SYNTAX_ERROR,
                "line 1:15: too many parts in schema name 'a.b.c': write [catalog.]schema");
    }

    @Test
    void dropSchema() {
        assertThat(classify("DROP SCHEMA s", DropSchema.class))
                .isEqualTo(new DropSchema(QualifiedName.of("s"), false, false));
        assertThat(classify("DROP SCHEMA IF EXISTS c.s CASCADE", DropSchema.class))
                .isEqualTo(new DropSchema(QualifiedName.of("c", "s"), true, true));
        assertThat(classify("DROP SCHEMA s RESTRICT;", DropSchema.class))
                .isEqualTo(new DropSchema(QualifiedName.of("s"), false, false));
        assertError("DROP SCHEMA s FORCE", ErrorCode.SYNTAX_ERROR,
                "line 1:15: mismatched input 'FORCE'. Expecting: 'CASCADE', 'RESTRICT', <EOF>");
    }

    @Test
    void dropTable() {
        assertThat(classify("DROP TABLE t", DropTable.class)).isEqualTo(new DropTable(QualifiedName.of("t"), false));
        assertThat(classify("DROP TABLE IF EXISTS c.s.\"T\"", DropTable.class))
                .isEqualTo(new DropTable(QualifiedName.of("c", "s", "T"), true));
        assertError("DROP TABLE a.b.c.d", ErrorCode.SYNTAX_ERROR,
                "line 1:12: too many parts in table name 'a.b.c.d': write [catalog.][schema.]table");
    }

    @Test
    void createTableWithColumnsCommentsAndProperties() {
        CreateTable table = classify("CREATE TABLE IF NOT EXISTS iceberg.sales.\"Orders\" (\n"
                + "  id bigint NOT NULL COMMENT 'primary key',\n"
                + "  \"CustomerName\" varchar(100),\n"
                + "  ts timestamp(6) with time zone\n"
                + ") COMMENT 'all orders'\n"
                + "WITH (format = 'PARQUET', partitioning = ARRAY['day(ts)', 'bucket(id, 16)'],"
                + " format_version = 2, ratio = -0.5, Enabled = true, sorted_by = ARRAY[])", CreateTable.class);
        assertThat(table.name()).isEqualTo(QualifiedName.of("iceberg", "sales", "Orders"));
        assertThat(table.ifNotExists()).isTrue();
        assertThat(table.comment()).contains("all orders");
        assertThat(table.columns()).containsExactly(
                new ColumnDefinition("id", DataType.of(Base.BIGINT), false, Optional.of("primary key")),
                new ColumnDefinition("CustomerName", DataType.varchar(100), true, Optional.empty()),
                new ColumnDefinition("ts", DataType.timestampWithTimeZone(6), true, Optional.empty()));
        assertThat(table.properties()).isEqualTo(Map.of(
                "format", new PropertyValue.StringValue("PARQUET"),
                "partitioning", new PropertyValue.StringArrayValue(List.of("day(ts)", "bucket(id, 16)")),
                "format_version", new PropertyValue.NumberValue(new BigDecimal("2")),
                "ratio", new PropertyValue.NumberValue(new BigDecimal("-0.5")),
                "enabled", new PropertyValue.BooleanValue(true),
                "sorted_by", new PropertyValue.StringArrayValue(List.of())));
        assertThat(table.properties().get("partitioning").toSql()).isEqualTo("ARRAY['day(ts)', 'bucket(id, 16)']");
        assertThat(table.type()).isEqualTo(StatementType.CREATE_TABLE);
    }

    @Test
    void createTableWithoutOptionalParts() {
        assertThat(classify("create table T (A int)", CreateTable.class)).isEqualTo(new CreateTable(
                QualifiedName.of("t"),
                List.of(new ColumnDefinition("a", DataType.of(Base.INTEGER), true, Optional.empty())),
                Map.of(), false));
    }

    @Test
    void everyTypeSpelling() {
        CreateTable table = classify("CREATE TABLE t (c1 boolean, c2 tinyint, c3 smallint, c4 int, c5 integer,"
                + " c6 bigint, c7 real, c8 float, c9 double, c10 double precision, c11 decimal, c12 decimal(10),"
                + " c13 decimal(10, 2), c14 numeric(5,5), c15 varchar, c16 varchar(20), c17 char, c18 char(3),"
                + " c19 varbinary, c20 date, c21 time, c22 time(3), c23 timestamp, c24 timestamp(0),"
                + " c25 timestamp with time zone, c26 timestamp(3) with time zone, c27 TIMESTAMP(6) WITHOUT TIME ZONE,"
                + " c28 character varying(7), c29 VARCHAR(0))", CreateTable.class);
        assertThat(table.columns()).extracting(column -> column.type().toString()).containsExactly(
                "boolean", "tinyint", "smallint", "integer", "integer", "bigint", "real", "real", "double", "double",
                "decimal(38,0)", "decimal(10,0)", "decimal(10,2)", "decimal(5,5)", "varchar", "varchar(20)",
                "char(1)", "char(3)", "varbinary", "date", "time(6)", "time(3)", "timestamp(6)", "timestamp(0)",
                "timestamp(6) with time zone", "timestamp(3) with time zone", "timestamp(6)", "varchar(7)",
                "varchar(0)");
        assertThat(table.columns().get(14).type().isUnboundedVarchar()).isTrue();
        assertThat(table.columns().get(6).type()).isEqualTo(new DataType(Base.REAL, 0, 0));
    }

    @Test
    void typeErrors() {
        assertError("CREATE TABLE t (a strng)", ErrorCode.TYPE_NOT_FOUND, "line 1:19: Unknown type 'strng'");
        assertError("CREATE TABLE t (a decimal(39))", ErrorCode.INVALID_ARGUMENTS,
                "line 1:19: decimal precision must be between 1 and 38, got 39");
        assertError("CREATE TABLE t (a decimal(0))", ErrorCode.INVALID_ARGUMENTS,
                "line 1:19: decimal precision must be between 1 and 38, got 0");
        assertError("CREATE TABLE t (a decimal(5, 6))", ErrorCode.INVALID_ARGUMENTS,
                "line 1:19: decimal scale must be between 0 and the precision 5, got 6");
        assertError("CREATE TABLE t (\n  a int,\n  b timestamp(9))", ErrorCode.INVALID_ARGUMENTS,
                "line 3:5: timestamp precision must be between 0 and 6 (Iceberg stores microseconds), got 9");
        assertError("CREATE TABLE t (a time(7))", ErrorCode.INVALID_ARGUMENTS,
                "line 1:19: time precision must be between 0 and 6 (Iceberg stores microseconds), got 7");
        assertError("CREATE TABLE t (a timestamp(12) with time zone)", ErrorCode.INVALID_ARGUMENTS,
                "line 1:19: timestamp with time zone precision must be between 0 and 6 (Iceberg stores"
                        + " microseconds), got 12");
        assertError("CREATE TABLE t (a char(0))", ErrorCode.INVALID_ARGUMENTS,
                "line 1:19: char length must be between 1 and 65536, got 0");
        assertError("CREATE TABLE t (a decimal(10 2))", ErrorCode.SYNTAX_ERROR,
                "line 1:30: mismatched input '2'. Expecting: ',', ')'");
        assertError("CREATE TABLE t (a varchar(x))", ErrorCode.SYNTAX_ERROR,
                "line 1:27: mismatched input 'x'. Expecting: <number>");
        assertError("CREATE TABLE t (a time with time zone)", ErrorCode.NOT_SUPPORTED,
                "line 1:19: type 'time with time zone' is not supported: Iceberg has no such type;"
                        + " use time or timestamp with time zone");
        assertError("CREATE TABLE t (a array(integer))", ErrorCode.NOT_SUPPORTED,
                "line 1:19: type 'array' is not supported; use boolean, integer types, real, double, decimal,"
                        + " varchar, char, varbinary, date, time or timestamp");
    }

    @Test
    void createTableErrors() {
        assertError("CREATE TABLE t (a int, A bigint)", ErrorCode.DUPLICATE_COLUMN_NAME,
                "line 1:17: Column name 'a' is specified more than once");
        assertError("CREATE TABLE t (a int) WITH (format = 'ORC', FORMAT = 'PARQUET')", ErrorCode.INVALID_ARGUMENTS,
                "line 1:46: property 'format' is specified more than once");
        assertError("CREATE TABLE t (a int", ErrorCode.SYNTAX_ERROR,
                "line 1:22: mismatched input '<EOF>'. Expecting: ',', ')', 'NOT', 'COMMENT'");
        assertError("CREATE TABLE t (a int) PARTITIONED BY (a)", ErrorCode.SYNTAX_ERROR,
                "line 1:24: mismatched input 'PARTITIONED'. Expecting: 'COMMENT', 'WITH', <EOF>");
        assertError("CREATE TABLE t (a int) WITH (x = y)", ErrorCode.SYNTAX_ERROR,
                "line 1:34: mismatched input 'y'. Expecting: <string>, <number>, 'TRUE', 'FALSE', 'ARRAY'");
        assertError("CREATE TABLE t (a int) WITH (x = ARRAY[1])", ErrorCode.SYNTAX_ERROR,
                "line 1:40: mismatched input '1'. Expecting: <string>");
        assertError("CREATE TABLE t", ErrorCode.SYNTAX_ERROR,
                "line 1:15: mismatched input '<EOF>'. Expecting: '(', 'COMMENT', 'WITH', 'AS'");
        assertError("CREATE VIEW v AS SELECT 1", ErrorCode.NOT_SUPPORTED, "line 1:1: CREATE VIEW is not supported");
        assertError("CREATE OR REPLACE TABLE t (a int)", ErrorCode.NOT_SUPPORTED,
                "line 1:1: CREATE OR is not supported");
    }

    @Test
    void createTableAsSelect() {
        CreateTableAsSelect ctas = classify("CREATE TABLE s.t AS SELECT a, b FROM u", CreateTableAsSelect.class);
        assertThat(ctas.name()).isEqualTo(QualifiedName.of("s", "t"));
        assertThat(ctas.columnAliases()).isEmpty();
        assertThat(ctas.properties()).isEmpty();
        assertThat(ctas.ifNotExists()).isFalse();
        assertThat(ctas.withData()).isTrue();
        assertThat(ctas.query().toString()).isEqualTo("SELECT `a`, `b`\nFROM `u`");
        assertThat(ctas.type()).isEqualTo(StatementType.CREATE_TABLE_AS_SELECT);
        assertThat(ctas.type().returnsRows()).isFalse();
    }

    @Test
    void createTableAsParenthesizedQueryWithAliasesPropertiesAndNoData() {
        CreateTableAsSelect ctas = classify("CREATE TABLE IF NOT EXISTS t (x, \"Y\") COMMENT 'copy'"
                + " WITH (partitioning = ARRAY['x']) AS (SELECT 1, 2) WITH NO DATA", CreateTableAsSelect.class);
        assertThat(ctas.columnAliases()).contains(List.of("x", "Y"));
        assertThat(ctas.properties())
                .isEqualTo(Map.of("partitioning", new PropertyValue.StringArrayValue(List.of("x"))));
        assertThat(ctas.ifNotExists()).isTrue();
        assertThat(ctas.withData()).isFalse();
        assertThat(ctas.comment()).contains("copy");
        assertThat(ctas.query().toString()).isEqualTo("SELECT 1, 2");
    }

    @Test
    void createTableAsWithDataAndWithQuery() {
        CreateTableAsSelect ctas = classify(
                "CREATE TABLE t AS WITH x AS (SELECT 1 AS a) SELECT a FROM x WITH DATA;", CreateTableAsSelect.class);
        assertThat(ctas.withData()).isTrue();
        assertThat(ctas.query().getKind()).isEqualTo(SqlKind.WITH);
    }

    @Test
    void createTableAsErrors() {
        assertError("CREATE TABLE t (a, a) AS SELECT 1, 2", ErrorCode.DUPLICATE_COLUMN_NAME,
                "line 1:17: Column alias 'a' is specified more than once");
        assertError("CREATE TABLE t AS SELEC 1", ErrorCode.SYNTAX_ERROR,
                "line 1:19: mismatched input 'SELEC'. Expecting: 'SELECT', 'WITH', 'VALUES', 'TABLE', '('");
        assertError("CREATE TABLE t AS WITH NO DATA", ErrorCode.SYNTAX_ERROR,
                "line 1:19: mismatched input 'WITH'. Expecting: 'SELECT', 'WITH', 'VALUES', 'TABLE', '('");
        assertError("CREATE TABLE t (a, b) SELECT 1", ErrorCode.SYNTAX_ERROR,
                "line 1:23: mismatched input 'SELECT'. Expecting: 'COMMENT', 'WITH', 'AS'");
    }

    @Test
    void insertWithColumnListAndValues() {
        Insert insert = classify("INSERT INTO s.\"T\" (a, \"B\") VALUES (1, 'x'), (2, 'y')", Insert.class);
        assertThat(insert.table()).isEqualTo(QualifiedName.of("s", "T"));
        assertThat(insert.columns()).contains(List.of("a", "B"));
        assertThat(insert.source().getKind()).isEqualTo(SqlKind.VALUES);
        assertThat(insert.source().toString()).isEqualTo("VALUES ROW(1, 'x'),\nROW(2, 'y')");
        assertThat(insert.type()).isEqualTo(StatementType.INSERT);
        assertThat(insert.type().returnsRows()).isFalse();
    }

    @Test
    void insertWithSelectAndParenthesizedQuery() {
        Insert select = classify("INSERT INTO t SELECT * FROM u WHERE a > 1", Insert.class);
        assertThat(select.columns()).isEmpty();
        assertThat(select.source().toString()).isEqualTo("SELECT *\nFROM `u`\nWHERE `a` > 1");
        Insert parenthesized = classify("INSERT INTO t (SELECT 1)", Insert.class);
        assertThat(parenthesized.columns()).isEmpty();
        assertThat(parenthesized.source().getKind()).isEqualTo(SqlKind.SELECT);
        Insert with = classify("insert into t (a) with x as (select 1 as a) select a from x", Insert.class);
        assertThat(with.columns()).contains(List.of("a"));
        assertThat(with.source().getKind()).isEqualTo(SqlKind.WITH);
    }

    @Test
    void insertErrors() {
        assertError("INSERT INTO t (a, a) VALUES (1, 2)", ErrorCode.DUPLICATE_COLUMN_NAME,
                "line 1:16: Insert column name 'a' is specified more than once");
        assertError("INSERT t VALUES (1)", ErrorCode.SYNTAX_ERROR,
                "line 1:8: mismatched input 't'. Expecting: 'INTO'");
        assertError("INSERT INTO t (a b) VALUES (1)", ErrorCode.SYNTAX_ERROR,
                "line 1:18: mismatched input 'b'. Expecting: ',', ')'");
        assertError("INSERT INTO t", ErrorCode.SYNTAX_ERROR,
                "line 1:14: mismatched input '<EOF>'. Expecting: 'SELECT', 'WITH', 'VALUES', 'TABLE', '('");
        assertError("INSERT INTO t VALUES (1,", ErrorCode.SYNTAX_ERROR,
                "line 1:25: mismatched input '<EOF>'. Expecting: <expression>");
    }
}
