package io.sqe.coordinator.planner;

import java.math.BigDecimal;
import java.util.ArrayList;
import com.google.common.collect.ImmutableList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.util.NlsString;

/**
 * A VALUES list whose rows are handed to the generated code as data rather than compiled into it: Calcite's
 * EnumerableValues writes every literal into one Java method, which stops compiling (64 KB) at a few thousand
 * literals, the size of an ordinary multi-row INSERT.
 */
final class SqeValues extends Values implements EnumerableRel {
    static final ConverterRule RULE = ConverterRule.Config.INSTANCE
            .withConversion(LogicalValues.class, Convention.NONE, EnumerableConvention.INSTANCE, "SqeValuesRule")
            .withRuleFactory(SqeValuesRule::new)
            .toRule(SqeValuesRule.class);

    private SqeValues(RelOptCluster cluster, RelDataType rowType, ImmutableList<ImmutableList<RexLiteral>> tuples,
            RelTraitSet traits) {
        super(cluster, List.of(), rowType, tuples, traits);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new SqeValues(getCluster(), getRowType(), tuples, traitSet);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer preference) {
        boolean scalar = getRowType().getFieldCount() == 1;
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
                scalar ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY);
        List<Object> rows = new ArrayList<>(tuples.size());
        List<org.apache.calcite.rel.type.RelDataTypeField> fields = getRowType().getFieldList();
        for (List<RexLiteral> tuple : tuples) {
            Object[] row = new Object[tuple.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = internalValue(tuple.get(i), fields.get(i).getType());
            }
            rows.add(scalar ? row[0] : row);
        }
        return implementor.result(physType, Blocks.toBlock(
                Expressions.call(Linq4j.class, "asEnumerable", implementor.stash(rows, List.class))));
    }

    /**
     * A literal as a value of its column's type, in Calcite's internal representation (see {@code TableScanner}).
     * The literal's own type may be narrower (an INTEGER literal in a BIGINT column).
     */
    private static Object internalValue(RexLiteral literal, RelDataType type) {
        if (literal.isNull()) {
            return null;
        }
        switch (type.getSqlTypeName()) {
            case BOOLEAN:
                return literal.getValueAs(Boolean.class);
            case TINYINT:
                return literal.getValueAs(Byte.class);
            case SMALLINT:
                return literal.getValueAs(Short.class);
            case INTEGER:
            case DATE:
            case TIME:
                return literal.getValueAs(Integer.class);
            case BIGINT:
            case TIMESTAMP:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
            case INTERVAL_DAY:
            case INTERVAL_DAY_HOUR:
            case INTERVAL_DAY_MINUTE:
            case INTERVAL_DAY_SECOND:
            case INTERVAL_HOUR:
            case INTERVAL_HOUR_MINUTE:
            case INTERVAL_HOUR_SECOND:
            case INTERVAL_MINUTE:
            case INTERVAL_MINUTE_SECOND:
            case INTERVAL_SECOND:
                return literal.getValueAs(Long.class);
            case INTERVAL_YEAR:
            case INTERVAL_YEAR_MONTH:
            case INTERVAL_MONTH:
                return literal.getValueAs(Integer.class);
            case DECIMAL:
                return literal.getValueAs(BigDecimal.class)
                        .setScale(Math.max(0, type.getScale()), java.math.RoundingMode.HALF_UP);
            case REAL:
                return literal.getValueAs(Float.class);
            case FLOAT:
            case DOUBLE:
                return literal.getValueAs(Double.class);
            case CHAR:
            case VARCHAR:
                return literal.getValueAs(NlsString.class).getValue();
            case BINARY:
            case VARBINARY:
                return literal.getValueAs(ByteString.class);
            default:
                return literal.getValue3();
        }
    }

    /** LogicalValues → SqeValues. */
    static final class SqeValuesRule extends ConverterRule {
        SqeValuesRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalValues values = (LogicalValues) rel;
            return new SqeValues(values.getCluster(), values.getRowType(), values.getTuples(),
                    values.getTraitSet().replace(EnumerableConvention.INSTANCE));
        }
    }
}
