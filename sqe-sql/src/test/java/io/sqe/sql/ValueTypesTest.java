package io.sqe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.sql.DataType.Base;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
    @Test
    void qualifiedNameHelpers() {
        QualifiedName name = QualifiedName.of("iceberg", "Sales", "orders");
        assertThat(name.last()).isEqualTo("orders");
        assertThat(name.prefix()).contains(QualifiedName.of("iceberg", "Sales"));
        assertThat(name.size()).isEqualTo(3);
        assertThat(name).hasToString("iceberg.Sales.orders");
        assertThat(QualifiedName.of("t").prefix()).isEmpty();
    }

    @Test
    void qualifiedNameRejectsBadShapes() {
        assertThatThrownBy(() -> QualifiedName.of("a", "b", "c", "d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a qualified name has 1 to 3 parts: [a, b, c, d]");
        assertThatThrownBy(() -> QualifiedName.of("a", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a qualified name part is empty: [a, ]");
    }

    @Test
    void dataTypeDefaultsAndSpelling() {
        assertThat(DataType.of(Base.DECIMAL)).isEqualTo(DataType.decimal(38, 0));
        assertThat(DataType.of(Base.TIMESTAMP)).hasToString("timestamp(6)");
        assertThat(DataType.of(Base.TIMESTAMP_WITH_TIME_ZONE)).hasToString("timestamp(6) with time zone");
        assertThat(DataType.of(Base.TIME)).hasToString("time(6)");
        assertThat(DataType.of(Base.CHAR)).hasToString("char(1)");
        assertThat(DataType.of(Base.VARCHAR)).hasToString("varchar");
        assertThat(DataType.varchar(3)).hasToString("varchar(3)");
        assertThat(DataType.of(Base.VARBINARY)).hasToString("varbinary");
    }

    @Test
    void dataTypeValidatesParameters() {
        assertThatThrownBy(() -> new DataType(Base.INTEGER, 5, 0))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENTS))
                .hasMessage("integer takes no parameters");
        assertThatThrownBy(() -> DataType.timestamp(7))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENTS))
                .hasMessage("timestamp precision must be between 0 and 6 (Iceberg stores microseconds), got 7");
        assertThatThrownBy(() -> DataType.varchar(-1))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENTS))
                .hasMessage("varchar length must be between 0 and 2147483646, got -1");
    }

    @Test
    void propertyValuesRenderAsSql() {
        assertThat(new PropertyValue.StringValue("it's").toSql()).isEqualTo("'it''s'");
        assertThat(new PropertyValue.NumberValue(new BigDecimal("-1.5")).toSql()).isEqualTo("-1.5");
        assertThat(new PropertyValue.BooleanValue(false).toSql()).isEqualTo("FALSE");
        assertThat(new PropertyValue.StringArrayValue(List.of("a", "b")).toSql()).isEqualTo("ARRAY['a', 'b']");
        assertThat(new PropertyValue.StringArrayValue(List.of()).kind()).isEqualTo(PropertyValue.Kind.STRING_ARRAY);
    }

    @Test
    void everyStatementTypeSaysWhetherItReturnsRows() {
        for (StatementType type : StatementType.values()) {
            boolean expected = type == StatementType.QUERY || type == StatementType.EXPLAIN
                    || type.name().startsWith("SHOW_");
            assertThat(type.returnsRows()).as(type.name()).isEqualTo(expected);
        }
    }

    @Test
    void parserConfigFoldsUnquotedNamesToLowerCase() {
        assertThat(SqlParsers.parserConfig().caseSensitive()).isTrue();
        assertThat(SqlParsers.parserConfig().unquotedCasing()).hasToString("TO_LOWER");
        assertThat(SqlParsers.parserConfig().quotedCasing()).hasToString("UNCHANGED");
        assertThat(SqlParsers.parserConfig().quoting()).hasToString("DOUBLE_QUOTE");
    }
}
