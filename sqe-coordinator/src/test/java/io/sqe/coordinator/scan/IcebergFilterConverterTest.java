package io.sqe.coordinator.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** The pruning filter may keep more rows than the SQL filter, never fewer. */
class IcebergFilterConverterTest {
    private final Schema schema = new Schema(
            Types.NestedField.optional(1, "k", Types.IntegerType.get()),
            Types.NestedField.optional(2, "s", Types.StringType.get()));
    private final JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
    private final RexBuilder rex = new RexBuilder(types);
    private final RelDataType integer = types.createTypeWithNullability(types.createSqlType(SqlTypeName.INTEGER), true);
    private final RelDataType varchar = types.createTypeWithNullability(types.createSqlType(SqlTypeName.VARCHAR), true);
    private final RexNode kIsThree = rex.makeCall(SqlStdOperatorTable.EQUALS, rex.makeInputRef(integer, 0),
            rex.makeExactLiteral(BigDecimal.valueOf(3), integer));
    /** upper(s) = 'X': no Iceberg form. */
    private final RexNode upperIsX = rex.makeCall(SqlStdOperatorTable.EQUALS,
            rex.makeCall(SqlStdOperatorTable.UPPER, rex.makeInputRef(varchar, 1)), rex.makeLiteral("X"));

    @Test
    void anAndLeavesOutWhatItCannotConvert() {
        assertThat(convert(rex.makeCall(SqlStdOperatorTable.AND, kIsThree, upperIsX)).toString())
                .isEqualTo("ref(name=\"k\") == 3");
    }

    @Test
    void underNotAnAndConvertsWholeOrNotAtAll() {
        // NOT (k = 3 AND upper(s) = 'X') is not NOT (k = 3): that would drop the rows with k = 3
        assertThat(convert(rex.makeCall(SqlStdOperatorTable.NOT,
                rex.makeCall(SqlStdOperatorTable.AND, kIsThree, upperIsX))).toString()).isEqualTo("true");
        assertThat(convert(rex.makeCall(SqlStdOperatorTable.NOT, kIsThree)).toString())
                .isEqualTo("not(ref(name=\"k\") == 3)");
    }

    @Test
    void anOrNeedsEveryOperand() {
        assertThat(convert(rex.makeCall(SqlStdOperatorTable.OR, kIsThree, upperIsX)).toString()).isEqualTo("true");
    }

    private org.apache.iceberg.expressions.Expression convert(RexNode node) {
        return new IcebergFilterConverter(schema).convert(List.of(node));
    }
}
