package io.sqe.coordinator.planner;

import static java.util.Objects.requireNonNull;

import io.sqe.planner.aggregation.ScanAggregation;
import io.sqe.planner.aggregation.ScanExpression;
import io.sqe.planner.aggregation.ScanExpression.Operator;
import io.sqe.planner.aggregation.ScanType;
import io.sqe.planner.aggregation.ScanType.Kind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Translates Calcite expressions over a scan's columns into the worker's {@link ScanExpression} language, or throws
 * {@link UnsupportedException} for anything outside it. It accepts only what the worker computes exactly as Calcite
 * would: arithmetic whose decimal result scale is the exact one, widening casts, comparisons between comparable
 * types. Columns are numbered in the order they are first used, so the scan reads only those ({@link #columns()}).
 */
final class ScanExpressionTranslator {
    private static final ScanType BOOLEAN = ScanType.of(Kind.BOOLEAN);
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final RexBuilder rexBuilder;
    private final List<Integer> columns = new ArrayList<>();

    ScanExpressionTranslator(RexBuilder rexBuilder) {
        this.rexBuilder = requireNonNull(rexBuilder, "rexBuilder is null");
    }

    /** Thrown for an expression the worker cannot evaluate; the push-down then leaves the plan alone. */
    static final class UnsupportedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedException() {
            super(null, null, false, false);
        }
    }

    /** The scan columns used so far, by their new position. */
    List<Integer> columns() {
        return List.copyOf(columns);
    }

    ScanExpression translate(RexNode node) {
        if (node instanceof RexInputRef) {
            RexInputRef ref = (RexInputRef) node;
            int position = columns.indexOf(ref.getIndex());
            if (position < 0) {
                position = columns.size();
                columns.add(ref.getIndex());
            }
            return new ScanExpression.Column(position, scanType(ref.getType()));
        }
        if (node instanceof RexLiteral) {
            return literal((RexLiteral) node);
        }
        if (!(node instanceof RexCall)) {
            throw new UnsupportedException();
        }
        RexCall call = (RexCall) node;
        Optional<Integer> date = constantDate(call);
        if (date.isPresent()) {
            return new ScanExpression.Literal(Optional.of(String.valueOf(date.get())), ScanType.of(Kind.DATE));
        }
        switch (call.getKind()) {
            case SEARCH:
                return translate(RexUtil.expandSearch(rexBuilder, null, call));
            case PLUS:
                return arithmetic(Operator.ADD, call);
            case MINUS:
                return arithmetic(Operator.SUBTRACT, call);
            case TIMES:
                return arithmetic(Operator.MULTIPLY, call);
            case EQUALS:
                return comparison(Operator.EQUAL, call);
            case NOT_EQUALS:
                return comparison(Operator.NOT_EQUAL, call);
            case LESS_THAN:
                return comparison(Operator.LESS, call);
            case LESS_THAN_OR_EQUAL:
                return comparison(Operator.LESS_OR_EQUAL, call);
            case GREATER_THAN:
                return comparison(Operator.GREATER, call);
            case GREATER_THAN_OR_EQUAL:
                return comparison(Operator.GREATER_OR_EQUAL, call);
            case AND:
                return logical(Operator.AND, call);
            case OR:
                return logical(Operator.OR, call);
            case NOT:
                return logical(Operator.NOT, call);
            case IS_NULL:
                return new ScanExpression.Call(Operator.IS_NULL, operands(call), BOOLEAN);
            case IS_NOT_NULL:
                return new ScanExpression.Call(Operator.IS_NOT_NULL, operands(call), BOOLEAN);
            case CAST:
                return cast(call);
            default:
                throw new UnsupportedException();
        }
    }

    /**
     * Folds a constant date plus or minus a constant interval ({@code DATE '1998-12-01' - INTERVAL '90' DAY}), which
     * the logical rewrites leave in place, into days since the epoch.
     */
    private static Optional<Integer> constantDate(RexNode node) {
        if (node.getType().getSqlTypeName() != SqlTypeName.DATE) {
            return Optional.empty();
        }
        if (node instanceof RexLiteral) {
            return Optional.ofNullable(((RexLiteral) node).getValueAs(Integer.class));
        }
        if (!(node instanceof RexCall) || node.getKind() != SqlKind.PLUS && node.getKind() != SqlKind.MINUS) {
            return Optional.empty();
        }
        List<RexNode> operands = ((RexCall) node).getOperands();
        if (operands.size() != 2 || !(operands.get(1) instanceof RexLiteral)) {
            return Optional.empty();
        }
        Optional<Integer> date = constantDate(operands.get(0));
        RexLiteral interval = (RexLiteral) operands.get(1);
        BigDecimal amount = interval.getValueAs(BigDecimal.class);
        if (date.isEmpty() || amount == null) {
            return Optional.empty();
        }
        int sign = node.getKind() == SqlKind.PLUS ? 1 : -1;
        LocalDate day = LocalDate.ofEpochDay(date.get());
        SqlTypeName unit = interval.getType().getSqlTypeName();
        if (unit == SqlTypeName.INTERVAL_YEAR || unit == SqlTypeName.INTERVAL_MONTH
                || unit == SqlTypeName.INTERVAL_YEAR_MONTH) {
            return Optional.of((int) day.plusMonths(sign * amount.longValueExact()).toEpochDay());
        }
        if (unit == SqlTypeName.INTERVAL_DAY) {
            BigDecimal[] days = amount.divideAndRemainder(BigDecimal.valueOf(MILLIS_PER_DAY));
            if (days[1].signum() != 0) {
                return Optional.empty();
            }
            return Optional.of((int) day.plusDays(sign * days[0].longValueExact()).toEpochDay());
        }
        return Optional.empty();
    }

    /** Group keys are coded as longs or strings: no doubles, and decimals only while their unscaled value fits. */
    void requireGroupKey(ScanExpression key) {
        ScanType type = key.type();
        boolean supported = type.kind() == Kind.INT || type.kind() == Kind.LONG || type.kind() == Kind.DATE
                || type.kind() == Kind.STRING || type.kind() == Kind.BOOLEAN
                || type.kind() == Kind.DECIMAL && type.precision() <= ScanType.MAX_LONG_DECIMAL_PRECISION;
        if (!supported) {
            throw new UnsupportedException();
        }
    }

    ScanType scanType(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        switch (name) {
            case BOOLEAN:
                return BOOLEAN;
            case INTEGER:
                return ScanType.of(Kind.INT);
            case BIGINT:
                return ScanType.of(Kind.LONG);
            case DOUBLE:
            case FLOAT:
                return ScanType.of(Kind.DOUBLE);
            case DECIMAL:
                if (type.getPrecision() > 38 || type.getScale() < 0) {
                    throw new UnsupportedException();
                }
                return ScanType.decimal(type.getPrecision(), type.getScale());
            case DATE:
                return ScanType.of(Kind.DATE);
            case CHAR:
            case VARCHAR:
                return ScanType.of(Kind.STRING);
            default:
                throw new UnsupportedException();
        }
    }

    private List<ScanExpression> operands(RexCall call) {
        List<ScanExpression> operands = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
            operands.add(translate(operand));
        }
        return operands;
    }

    private ScanExpression literal(RexLiteral literal) {
        ScanType type = scanType(literal.getType());
        if (literal.isNull()) {
            return new ScanExpression.Literal(Optional.empty(), type);
        }
        String value;
        switch (type.kind()) {
            case BOOLEAN:
                value = String.valueOf(literal.getValueAs(Boolean.class));
                break;
            case INT:
            case LONG:
            case DECIMAL:
                value = requireNonNull(literal.getValueAs(BigDecimal.class)).toPlainString();
                break;
            case DOUBLE:
                value = String.valueOf(requireNonNull(literal.getValueAs(Double.class)));
                break;
            case DATE:
                value = String.valueOf(requireNonNull(literal.getValueAs(Integer.class)));
                break;
            case STRING:
                value = requireNonNull(literal.getValueAs(String.class));
                break;
            default:
                throw new UnsupportedException();
        }
        return new ScanExpression.Literal(Optional.of(value), type);
    }

    private ScanExpression arithmetic(Operator operator, RexCall call) {
        if (call.getOperands().size() != 2) {
            throw new UnsupportedException();
        }
        ScanType type = scanType(call.getType());
        List<ScanExpression> operands = operands(call);
        ScanType left = operands.get(0).type();
        ScanType right = operands.get(1).type();
        if (!left.isNumeric() || !right.isNumeric()) {
            throw new UnsupportedException();
        }
        boolean valid;
        switch (type.kind()) {
            case DOUBLE:
                valid = true;
                break;
            case INT:
            case LONG:
                valid = isInteger(left) && isInteger(right);
                break;
            case DECIMAL:
                valid = left.kind() != Kind.DOUBLE && right.kind() != Kind.DOUBLE
                        && (operator == Operator.MULTIPLY ? left.scale() + right.scale() == type.scale()
                        : left.scale() <= type.scale() && right.scale() <= type.scale());
                break;
            default:
                valid = false;
        }
        if (!valid) {
            throw new UnsupportedException();
        }
        return new ScanExpression.Call(operator, operands, type);
    }

    private static boolean isInteger(ScanType type) {
        return type.kind() == Kind.INT || type.kind() == Kind.LONG;
    }

    private ScanExpression comparison(Operator operator, RexCall call) {
        List<ScanExpression> operands = operands(call);
        ScanType left = operands.get(0).type();
        ScanType right = operands.get(1).type();
        boolean comparable = left.isNumeric() ? right.isNumeric() : left.kind() == right.kind();
        if (!comparable) {
            throw new UnsupportedException();
        }
        return new ScanExpression.Call(operator, operands, BOOLEAN);
    }

    private ScanExpression logical(Operator operator, RexCall call) {
        List<ScanExpression> operands = operands(call);
        for (ScanExpression operand : operands) {
            if (operand.type().kind() != Kind.BOOLEAN) {
                throw new UnsupportedException();
            }
        }
        return new ScanExpression.Call(operator, operands, BOOLEAN);
    }

    private ScanExpression cast(RexCall call) {
        ScanType target = scanType(call.getType());
        RelDataType sourceType = call.getOperands().get(0).getType();
        ScanExpression operand = translate(call.getOperands().get(0));
        ScanType source = operand.type();
        boolean valid;
        switch (target.kind()) {
            case INT:
                valid = source.kind() == Kind.INT;
                break;
            case LONG:
                valid = isInteger(source);
                break;
            case DOUBLE:
                valid = source.isNumeric();
                break;
            case DECIMAL:
                valid = isInteger(source) || source.kind() == Kind.DECIMAL && source.scale() <= target.scale();
                break;
            case STRING:
                // Only casts that keep the value: to an unbounded or at least as long VARCHAR, never a padded CHAR.
                valid = source.kind() == Kind.STRING && call.getType().getSqlTypeName() == SqlTypeName.VARCHAR
                        && (call.getType().getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
                        || sourceType.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
                        && call.getType().getPrecision() >= sourceType.getPrecision());
                break;
            case BOOLEAN:
            case DATE:
                valid = source.kind() == target.kind();
                break;
            default:
                valid = false;
        }
        if (!valid) {
            throw new UnsupportedException();
        }
        return new ScanExpression.Call(Operator.CAST, List.of(operand), target);
    }

    /** The aggregation as EXPLAIN shows it, columns by name. */
    static String describe(ScanAggregation aggregation, List<String> columnNames) {
        StringBuilder text = new StringBuilder();
        aggregation.filter().ifPresent(filter -> text.append("filter=").append(describe(filter, columnNames))
                .append(", "));
        List<String> keys = new ArrayList<>();
        for (int key : aggregation.groupKeys()) {
            keys.add(describe(aggregation.projections().get(key), columnNames));
        }
        text.append("groupBy=").append(keys).append(", aggregates=[");
        for (int i = 0; i < aggregation.aggregates().size(); i++) {
            ScanAggregation.Aggregate aggregate = aggregation.aggregates().get(i);
            String function = aggregate.function() == ScanAggregation.Function.COUNT_STAR ? "count"
                    : aggregate.function().name().toLowerCase(java.util.Locale.ROOT);
            text.append(i == 0 ? "" : ", ").append(function)
                    .append('(').append(aggregate.argument() < 0 ? "*"
                            : describe(aggregation.projections().get(aggregate.argument()), columnNames)).append(')');
        }
        return text.append(']').toString();
    }

    private static String describe(ScanExpression expression, List<String> columnNames) {
        switch (expression.nodeKind()) {
            case COLUMN:
                return columnNames.get(((ScanExpression.Column) expression).index());
            case LITERAL:
                ScanExpression.Literal literal = (ScanExpression.Literal) expression;
                if (literal.type().kind() == Kind.DATE && literal.value().isPresent()) {
                    return "DATE '" + LocalDate.ofEpochDay(Long.parseLong(literal.value().get())) + "'";
                }
                return literal.toString();
            case CALL:
                ScanExpression.Call call = (ScanExpression.Call) expression;
                List<String> operands = new ArrayList<>();
                for (ScanExpression operand : call.operands()) {
                    operands.add(describe(operand, columnNames));
                }
                return call.operator().name() + operands.toString().replace('[', '(').replace(']', ')');
        }
        throw new IllegalStateException("unknown node kind");
    }
}
