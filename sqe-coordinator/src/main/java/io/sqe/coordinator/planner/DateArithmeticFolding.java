package io.sqe.coordinator.planner;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;

/**
 * Folds {@code DATE 'd' ± INTERVAL 'n' DAY | MONTH | YEAR} into a DATE literal. Calcite's rules leave it as a call
 * (the planner has no expression executor), so TPC-H's {@code o_orderdate < DATE '1993-07-01' + INTERVAL '3' MONTH}
 * could prune no file; folded, it is an ordinary range the scan prunes with.
 */
final class DateArithmeticFolding {
    private DateArithmeticFolding() {}

    static RelNode fold(RelNode plan) {
        return BottomUp.rewrite(plan, node -> node.accept(new Folder(node.getCluster().getRexBuilder())));
    }

    private static final class Folder extends RexShuttle {
        private final RexBuilder rexBuilder;

        Folder(RexBuilder rexBuilder) {
            this.rexBuilder = rexBuilder;
        }

        @Override
        public RexNode visitCall(RexCall call) {
            RexCall visited = (RexCall) super.visitCall(call);
            if (visited.getKind() != SqlKind.PLUS && visited.getKind() != SqlKind.MINUS
                    || visited.getType().getSqlTypeName() != SqlTypeName.DATE
                    || !(visited.getOperands().get(0) instanceof RexLiteral)
                    || !(visited.getOperands().get(1) instanceof RexLiteral)) {
                return visited;
            }
            RexLiteral date = (RexLiteral) visited.getOperands().get(0);
            RexLiteral interval = (RexLiteral) visited.getOperands().get(1);
            if (date.isNull() || interval.isNull() || date.getType().getSqlTypeName() != SqlTypeName.DATE
                    || interval.getType().getIntervalQualifier() == null) {
                return visited;
            }
            LocalDate start = LocalDate.ofEpochDay(date.getValueAs(DateString.class).getDaysSinceEpoch());
            BigDecimal amount = interval.getValueAs(BigDecimal.class);
            long sign = visited.getKind() == SqlKind.MINUS ? -1 : 1;
            TimeUnitRange unit = interval.getType().getIntervalQualifier().timeUnitRange;
            LocalDate result;
            switch (unit) {
                case DAY: {
                    BigDecimal[] days = amount.divideAndRemainder(BigDecimal.valueOf(86_400_000L));
                    if (days[1].signum() != 0) {
                        return visited;
                    }
                    result = start.plusDays(sign * days[0].longValueExact());
                    break;
                }
                case MONTH:
                case YEAR:
                case YEAR_TO_MONTH:
                    result = start.plusMonths(sign * amount.longValueExact());
                    break;
                default:
                    return visited;
            }
            RexNode literal = rexBuilder.makeDateLiteral(DateString.fromDaysSinceEpoch((int) result.toEpochDay()));
            return rexBuilder.makeCast(visited.getType(), literal, false, false);
        }
    }
}
