package io.sqe.policy.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.SessionUser;
import io.sqe.policy.QueryHarness;
import io.sqe.policy.QueryPolicy;
import io.sqe.policy.TestRules;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mask kind on every column type SQE has: the type never changes, the values are the masked ones. */
class MaskTypesTest {
    private static final List<String> COLUMNS = List.of("b", "ti", "si", "i", "bi", "r", "d", "dec", "dt", "tm",
            "ts", "tstz", "vc", "vb", "k", "code");
    private static final int DATE = (int) LocalDate.of(1990, 3, 15).toEpochDay();
    private static final int TIME = LocalTime.of(13, 45, 30).toSecondOfDay() * 1000;
    private static final long TIMESTAMP = LocalDateTime.of(2021, 7, 4, 10, 11, 12).toInstant(ZoneOffset.UTC)
            .toEpochMilli();
    private static final long INSTANT = LocalDateTime.of(2021, 7, 4, 10, 11, 12).toInstant(ZoneOffset.UTC)
            .toEpochMilli();
    private static final Object[] VALUES = {true, (byte) 5, (short) 300, 70_000, 5_000_000_000L, 1.5f, 2.25,
        new BigDecimal("12345.67"), DATE, TIME, TIMESTAMP, INSTANT, "hello world",
        new ByteString(new byte[] {1, 2, 3, 4, 5}), 42, "AB123456"};
    private static final Object[] NULLS = {null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, 43, "CD654321"};

    @TempDir
    Path directory;

    private RulesFileEnforcer enforcer;
    private final QueryHarness harness = new QueryHarness();

    @BeforeEach
    void start() {
        harness.addTable("types", MaskTypesTest::rowType, List.of(VALUES, NULLS));
        StringBuilder rules = new StringBuilder("rules:\n");
        rule(rules, "null", "{type: null}");
        rules.append("""
                  - name: fixed
                    roles: [fixed]
                    privileges: [select]
                    masks:
                      b: {type: fixed, value: "false"}
                      ti: {type: fixed, value: 1}
                      si: {type: fixed, value: 2}
                      i: {type: fixed, value: 3}
                      bi: {type: fixed, value: 4}
                      r: {type: fixed, value: 0.5}
                      d: {type: fixed, value: 0.25}
                      dec: {type: fixed, value: "1.50"}
                      dt: {type: fixed, value: "2000-01-01"}
                      tm: {type: fixed, value: "01:02:03"}
                      ts: {type: fixed, value: "2000-01-01 00:00:00"}
                      tstz: {type: fixed, value: "2000-01-01 00:00:00"}
                      vc: {type: fixed, value: "***"}
                      vb: {type: fixed, value: "CAFE"}
                      k: {type: fixed, value: 7}
                      code: {type: fixed, value: "XX"}
                """);
        rule(rules, "hash", "{type: hash}");
        rule(rules, "show_first", "{type: show_first, count: 2}");
        rule(rules, "show_last", "{type: show_last, count: 3}");
        rule(rules, "truncate_year", "{type: truncate, unit: year}");
        rule(rules, "truncate_month", "{type: truncate, unit: month}");
        rules.append("""
                  - name: sql
                    roles: [sql]
                    privileges: [select]
                    masks:
                      i: {type: sql, sql: "i + 1"}
                      vc: {type: sql, sql: "upper(vc) || '!'"}
                      dt: {type: sql, sql: "dt + INTERVAL '1' DAY"}
                      k: {type: sql, sql: "CASE WHEN current_user = 'sam' THEN k * 2 ELSE 0 END"}
                  - name: hide-all
                    roles: [hide_all]
                    privileges: [select]
                    hide_columns: ["*"]
                """);
        enforcer = TestRules.enforcer(directory, rules.toString());
    }

    @AfterEach
    void stop() {
        enforcer.close();
    }

    private static void rule(StringBuilder rules, String name, String mask) {
        rules.append("  - name: \"").append(name).append("\"\n    roles: [\"").append(name)
                .append("\"]\n    privileges: [select]\n    masks:\n");
        for (String column : COLUMNS) {
            rules.append("      ").append(column).append(": ").append(mask).append('\n');
        }
    }

    private static RelDataType rowType(RelDataTypeFactory factory) {
        RelDataTypeFactory.Builder builder = factory.builder();
        builder.add("b", QueryHarness.nullable(factory, SqlTypeName.BOOLEAN));
        builder.add("ti", QueryHarness.nullable(factory, SqlTypeName.TINYINT));
        builder.add("si", QueryHarness.nullable(factory, SqlTypeName.SMALLINT));
        builder.add("i", QueryHarness.nullable(factory, SqlTypeName.INTEGER));
        builder.add("bi", QueryHarness.nullable(factory, SqlTypeName.BIGINT));
        builder.add("r", QueryHarness.nullable(factory, SqlTypeName.REAL));
        builder.add("d", QueryHarness.nullable(factory, SqlTypeName.DOUBLE));
        builder.add("dec", factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DECIMAL, 10, 2), true));
        builder.add("dt", QueryHarness.nullable(factory, SqlTypeName.DATE));
        builder.add("tm", QueryHarness.nullable(factory, SqlTypeName.TIME));
        builder.add("ts", factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.TIMESTAMP, 3), true));
        builder.add("tstz", factory.createTypeWithNullability(
                factory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 3), true));
        builder.add("vc", QueryHarness.nullable(factory, SqlTypeName.VARCHAR));
        builder.add("vb", QueryHarness.nullable(factory, SqlTypeName.VARBINARY));
        builder.add("k", factory.createSqlType(SqlTypeName.INTEGER));
        builder.add("code", factory.createSqlType(SqlTypeName.VARCHAR, 8));
        return builder.build();
    }

    private QueryHarness.Result select(String role) {
        QueryPolicy policy = enforcer.forQuery(new SessionUser("sam", Set.of(role), Set.of()));
        QueryHarness.Result result = harness.execute("SELECT * FROM types", policy);
        assertThat(result.rowType().getFullTypeString())
                .as("row type under mask %s", role)
                .isEqualTo(rowType(new org.apache.calcite.jdbc.JavaTypeFactoryImpl()).getFullTypeString());
        assertThat(result.rows()).hasSize(2);
        return result;
    }

    @Test
    void nullMaskKeepsTypesAndNotNullColumnsGetConstants() {
        QueryHarness.Result result = select("null");
        List<Object> expected = new ArrayList<>(Arrays.asList(new Object[COLUMNS.size()]));
        expected.set(14, 0);
        expected.set(15, "");
        assertThat(result.rows()).containsExactly(expected, expected);
    }

    @Test
    void fixedMaskCastsTheValueToEachType() {
        QueryHarness.Result result = select("fixed");
        List<Object> expected = Arrays.asList(false, (byte) 1, (short) 2, 3, 4L, 0.5f, 0.25, new BigDecimal("1.50"),
                (int) LocalDate.of(2000, 1, 1).toEpochDay(), LocalTime.of(1, 2, 3).toSecondOfDay() * 1000,
                LocalDateTime.of(2000, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli(),
                result.rows().get(0).get(11), "***", new ByteString(new byte[] {(byte) 0xCA, (byte) 0xFE}), 7, "XX");
        assertThat(result.rows().get(0)).isEqualTo(expected);
        assertThat(result.rows().get(1)).isEqualTo(expected);
        assertThat(result.rows().get(0).get(11)).isInstanceOf(Long.class);
    }

    @Test
    void hashMaskIsDeterministicAndKeepsTypes() {
        QueryHarness.Result first = select("hash");
        QueryHarness.Result second = select("hash");
        assertThat(first.rows()).isEqualTo(second.rows());
        List<Object> row = first.rows().get(0);
        assertThat(row.get(0)).as("booleans hash to NULL").isNull();
        for (int column = 1; column < COLUMNS.size(); column++) {
            assertThat(row.get(column)).as(COLUMNS.get(column)).isNotNull().isNotEqualTo(VALUES[column]);
        }
        assertThat((String) row.get(12)).matches("[0-9a-f]{64}");
        assertThat(((ByteString) row.get(13)).length()).isEqualTo(32);
        assertThat((String) row.get(15)).matches("[0-9a-f]{8}");
        assertThat(((BigDecimal) row.get(7)).abs()).isLessThan(new BigDecimal("100000000"));
        List<Object> nullRow = first.rows().get(1);
        assertThat(nullRow.subList(0, 14)).containsOnlyNulls();
        assertThat(nullRow.get(14)).isNotNull().isNotEqualTo(43);
    }

    @Test
    void showFirstAndLastKeepCharactersAndBytesOnly() {
        List<Object> first = select("show_first").rows().get(0);
        assertThat(first.get(12)).isEqualTo("he*********");
        assertThat(first.get(13)).isEqualTo(new ByteString(new byte[] {1, 2}));
        assertThat(first.get(15)).isEqualTo("AB******");
        assertThat(first.subList(0, 12)).containsOnlyNulls();
        assertThat(first.get(14)).isEqualTo(0);
        List<Object> last = select("show_last").rows().get(0);
        assertThat(last.get(12)).isEqualTo("********rld");
        assertThat(last.get(13)).isEqualTo(new ByteString(new byte[] {3, 4, 5}));
        assertThat(last.get(15)).isEqualTo("*****456");
    }

    @Test
    void truncateKeepsYearOrMonthOfDatesAndTimestamps() {
        List<Object> year = select("truncate_year").rows().get(0);
        assertThat(year.get(8)).isEqualTo((int) LocalDate.of(1990, 1, 1).toEpochDay());
        assertThat(year.get(10)).isEqualTo(LocalDateTime.of(2021, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli());
        assertThat(year.get(11)).isInstanceOf(Long.class).isNotEqualTo(INSTANT);
        assertThat(year.get(9)).as("time has no year").isNull();
        assertThat(year.get(12)).as("varchar has no year").isNull();
        List<Object> month = select("truncate_month").rows().get(0);
        assertThat(month.get(8)).isEqualTo((int) LocalDate.of(1990, 3, 1).toEpochDay());
        assertThat(month.get(10)).isEqualTo(LocalDateTime.of(2021, 7, 1, 0, 0).toInstant(ZoneOffset.UTC)
                .toEpochMilli());
    }

    @Test
    void sqlMaskIsCastToTheColumnType() {
        List<Object> row = select("sql").rows().get(0);
        assertThat(row.get(3)).isEqualTo(70_001);
        assertThat(row.get(12)).isEqualTo("HELLO WORLD!");
        assertThat(row.get(8)).isEqualTo(DATE + 1);
        assertThat(row.get(14)).isEqualTo(84);
        assertThat(row.get(0)).isEqualTo(true);
    }

    @Test
    void tableWithEveryColumnHiddenIsDenied() {
        QueryPolicy policy = enforcer.forQuery(new SessionUser("sam", Set.of("hide_all"), Set.of()));
        assertThatThrownBy(() -> harness.execute("SELECT count(*) FROM types", policy))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .hasMessage("Access denied: user 'sam' may see no column of table lake.hr.types; "
                        + "ask an administrator for access");
        assertThat(policy.visibleColumns(io.sqe.policy.ObjectName.table("lake", "hr", "types"), COLUMNS)).isEmpty();
    }
}
