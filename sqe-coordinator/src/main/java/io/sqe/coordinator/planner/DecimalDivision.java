package io.sqe.coordinator.planner;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Exact decimal division. Calcite's runtime divides decimals with 16 significant digits
 * ({@code MathContext.DECIMAL64}), so {@code avg} of a large decimal loses digits; this rewrites every decimal
 * division to divide at the result type's scale, rounding half up, as Trino does.
 */
public final class DecimalDivision {
    private static final SqlUserDefinedFunction FUNCTION = new SqlUserDefinedFunction(
            new SqlIdentifier("SQE_DECIMAL_DIVIDE", SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0,
            null, null, ScalarFunctionImpl.create(DecimalDivision.class,
                    "divide"));

    private DecimalDivision() {}

    /** Called by generated code. */
    public static BigDecimal divide(BigDecimal dividend, BigDecimal divisor, int scale) {
        if (dividend == null || divisor == null) {
            return null;
        }
        if (divisor.signum() == 0) {
            throw new ArithmeticException("Division by zero");
        }
        return dividend.divide(divisor, scale, RoundingMode.HALF_UP);
    }

    static RelNode rewrite(RelNode node) {
        List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (RelNode input : node.getInputs()) {
            RelNode rewritten = rewrite(input);
            changed |= rewritten != input;
            inputs.add(rewritten);
        }
        RelNode current = changed ? node.copy(node.getTraitSet(), inputs) : node;
        return current.accept(new Rewriter(current.getCluster().getRexBuilder()));
    }

    /** Replaces {@code a / b} of DECIMAL type. */
    private static final class Rewriter extends RexShuttle {
        private final RexBuilder rexBuilder;

        Rewriter(RexBuilder rexBuilder) {
            this.rexBuilder = rexBuilder;
        }

        @Override
        public RexNode visitCall(RexCall call) {
            RexCall visited = (RexCall) super.visitCall(call);
            if (visited.getKind() != SqlKind.DIVIDE || visited.getType().getSqlTypeName() != SqlTypeName.DECIMAL) {
                return visited;
            }
            RelDataType type = visited.getType();
            List<RexNode> operands = new ArrayList<>();
            for (RexNode operand : visited.getOperands()) {
                RelDataType operandType = operand.getType();
                if (operandType.getSqlTypeName() != SqlTypeName.DECIMAL) {
                    RelDataType decimal = rexBuilder.getTypeFactory().createTypeWithNullability(
                            rexBuilder.getTypeFactory().createSqlType(SqlTypeName.DECIMAL, 38,
                                    Math.max(0, operandType.getScale() < 0 ? 0 : operandType.getScale())),
                            operandType.isNullable());
                    operand = rexBuilder.makeCast(decimal, operand);
                }
                operands.add(operand);
            }
            operands.add(rexBuilder.makeLiteral(type.getScale(), rexBuilder.getTypeFactory().createSqlType(
                    SqlTypeName.INTEGER)));
            return rexBuilder.makeCall(type, FUNCTION, operands);
        }
    }
}
