package io.sqe.coordinator.scan;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Converts Calcite filter conjuncts into an Iceberg expression used to prune partitions, files and row
 * groups. The conversion may be looser than the filter (a conjunct it cannot express becomes "true") but
 * never stricter, because Calcite still evaluates every conjunct on the rows.
 */
final class IcebergFilterConverter {
    private final Schema schema;

    IcebergFilterConverter(Schema schema) {
        this.schema = requireNonNull(schema, "schema is null");
    }

    Expression convert(List<RexNode> conjuncts) {
        Expression result = Expressions.alwaysTrue();
        for (RexNode conjunct : conjuncts) {
            Optional<Expression> converted = convert(conjunct, false).filter(this::binds);
            if (converted.isPresent()) {
                result = Expressions.and(result, converted.get());
            }
        }
        return result;
    }

    private boolean binds(Expression expression) {
        try {
            Binder.bind(schema.asStruct(), expression, true);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The Iceberg form of {@code node}, or a weaker one (it may keep more rows, never fewer): an AND may leave out the
     * operands it cannot convert. Under a NOT that would make the result stricter, so there ({@code exact}) every
     * operand must convert.
     */
    private Optional<Expression> convert(RexNode node, boolean exact) {
        if (!(node instanceof RexCall)) {
            return node instanceof RexInputRef ? column(node).map(name -> Expressions.equal(name, true))
                    : Optional.empty();
        }
        RexCall call = (RexCall) node;
        switch (call.getKind()) {
            case AND:
                return all(call.getOperands(), true, exact);
            case OR:
                return all(call.getOperands(), false, exact);
            case NOT:
                return convert(call.getOperands().get(0), true).map(Expressions::not);
            case IS_NULL:
                return column(call.getOperands().get(0)).map(Expressions::isNull);
            case IS_NOT_NULL:
                return column(call.getOperands().get(0)).map(Expressions::notNull);
            case EQUALS:
            case NOT_EQUALS:
            case LESS_THAN:
            case LESS_THAN_OR_EQUAL:
            case GREATER_THAN:
            case GREATER_THAN_OR_EQUAL:
                return comparison(call);
            case SEARCH:
                return search(call);
            default:
                return Optional.empty();
        }
    }

    private Optional<Expression> all(List<RexNode> operands, boolean conjunction, boolean exact) {
        Expression result = conjunction ? Expressions.alwaysTrue() : Expressions.alwaysFalse();
        for (RexNode operand : operands) {
            Optional<Expression> converted = convert(operand, exact);
            if (converted.isEmpty()) {
                if (conjunction && !exact) {
                    continue;
                }
                return Optional.empty();
            }
            result = conjunction ? Expressions.and(result, converted.get()) : Expressions.or(result, converted.get());
        }
        return Optional.of(result);
    }

    private Optional<Expression> comparison(RexCall call) {
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        SqlKind kind = call.getKind();
        if (right instanceof RexInputRef || !(right instanceof RexLiteral)) {
            if (!(left instanceof RexLiteral)) {
                return Optional.empty();
            }
            RexNode swap = left;
            left = right;
            right = swap;
            kind = kind.reverse();
        }
        Optional<String> column = column(left);
        if (column.isEmpty()) {
            return Optional.empty();
        }
        Optional<Object> value = literal((RexLiteral) right, schema.findType(column.get()));
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(compare(kind, column.get(), value.get()));
    }

    private static Expression compare(SqlKind kind, String column, Object value) {
        switch (kind) {
            case EQUALS:
                return Expressions.equal(column, value);
            case NOT_EQUALS:
                return Expressions.notEqual(column, value);
            case LESS_THAN:
                return Expressions.lessThan(column, value);
            case LESS_THAN_OR_EQUAL:
                return Expressions.lessThanOrEqual(column, value);
            case GREATER_THAN:
                return Expressions.greaterThan(column, value);
            case GREATER_THAN_OR_EQUAL:
                return Expressions.greaterThanOrEqual(column, value);
            default:
                throw new IllegalArgumentException("not a comparison: " + kind);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Optional<Expression> search(RexCall call) {
        Optional<String> column = column(call.getOperands().get(0));
        if (column.isEmpty() || !(call.getOperands().get(1) instanceof RexLiteral)) {
            return Optional.empty();
        }
        Type type = schema.findType(column.get());
        RexLiteral sargLiteral = (RexLiteral) call.getOperands().get(1);
        Sarg sarg = sargLiteral.getValueAs(Sarg.class);
        if (sarg == null) {
            return Optional.empty();
        }
        List<Expression> ranges = new ArrayList<>();
        for (Object element : sarg.rangeSet.asRanges()) {
            Range range = (Range) element;
            Expression expression = Expressions.alwaysTrue();
            if (range.hasLowerBound()) {
                Optional<Object> low = sargValue(range.lowerEndpoint(), type);
                if (low.isEmpty()) {
                    return Optional.empty();
                }
                if (range.hasUpperBound() && range.lowerEndpoint().equals(range.upperEndpoint())) {
                    ranges.add(Expressions.equal(column.get(), low.get()));
                    continue;
                }
                expression = range.lowerBoundType() == BoundType.CLOSED
                        ? Expressions.greaterThanOrEqual(column.get(), low.get())
                        : Expressions.greaterThan(column.get(), low.get());
            }
            if (range.hasUpperBound()) {
                Optional<Object> high = sargValue(range.upperEndpoint(), type);
                if (high.isEmpty()) {
                    return Optional.empty();
                }
                expression = Expressions.and(expression, range.upperBoundType() == BoundType.CLOSED
                        ? Expressions.lessThanOrEqual(column.get(), high.get())
                        : Expressions.lessThan(column.get(), high.get()));
            }
            ranges.add(expression);
        }
        Expression result = Expressions.alwaysFalse();
        for (Expression range : ranges) {
            result = Expressions.or(result, range);
        }
        if (sarg.nullAs == RexUnknownAs.TRUE) {
            result = Expressions.or(result, Expressions.isNull(column.get()));
        }
        return Optional.of(result);
    }

    private Optional<String> column(RexNode node) {
        RexNode stripped = node;
        if (stripped.getKind() == SqlKind.CAST && isWideningCast((RexCall) stripped)) {
            stripped = ((RexCall) stripped).getOperands().get(0);
        }
        if (!(stripped instanceof RexInputRef)) {
            return Optional.empty();
        }
        int index = ((RexInputRef) stripped).getIndex();
        List<Types.NestedField> columns = schema.columns();
        return index < columns.size() ? Optional.of(columns.get(index).name()) : Optional.empty();
    }

    /** Casts that keep order and equality (int to bigint, to decimal, varchar to varchar) are transparent. */
    private static boolean isWideningCast(RexCall cast) {
        RexNode operand = cast.getOperands().get(0);
        return org.apache.calcite.sql.type.SqlTypeUtil.isExactNumeric(operand.getType())
                && org.apache.calcite.sql.type.SqlTypeUtil.isExactNumeric(cast.getType())
                && operand.getType().getScale() <= cast.getType().getScale()
                || org.apache.calcite.sql.type.SqlTypeUtil.isCharacter(operand.getType())
                && org.apache.calcite.sql.type.SqlTypeUtil.isCharacter(cast.getType());
    }

    /** RexLiteral.getValue() gives dates and times as Calendars; ask for the Calcite value classes instead. */
    private static Optional<Object> literal(RexLiteral literal, Type type) {
        if (literal.isNull()) {
            return Optional.empty();
        }
        Object value;
        switch (literal.getTypeName()) {
            case DATE:
                value = literal.getValueAs(DateString.class);
                break;
            case TIME:
                value = literal.getValueAs(TimeString.class);
                break;
            case TIMESTAMP:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                value = literal.getValueAs(TimestampString.class);
                break;
            default:
                value = literal.getValue();
        }
        return sargValue(value, type);
    }

    /** Converts a Calcite literal value (as held in a RexLiteral or a Sarg) to Iceberg's value for {@code type}. */
    private static Optional<Object> sargValue(Object value, Type type) {
        if (value == null || type == null) {
            return Optional.empty();
        }
        switch (type.typeId()) {
            case BOOLEAN:
                return value instanceof Boolean ? Optional.of(value) : Optional.empty();
            case INTEGER:
            case LONG:
                return exact(value).map(decimal -> type.typeId() == Type.TypeID.INTEGER
                        ? (Object) decimal.intValueExact() : (Object) decimal.longValueExact());
            case FLOAT:
            case DOUBLE:
                return value instanceof Number ? Optional.of(((Number) value).doubleValue()) : Optional.empty();
            case DECIMAL:
                return value instanceof BigDecimal ? rescale((BigDecimal) value, (Types.DecimalType) type)
                        : Optional.empty();
            case STRING:
                return value instanceof NlsString ? Optional.of(((NlsString) value).getValue()) : Optional.empty();
            case DATE:
                return value instanceof DateString ? Optional.of(((DateString) value).getDaysSinceEpoch())
                        : Optional.empty();
            case TIME:
                return value instanceof TimeString
                        ? Optional.of(((TimeString) value).getMillisOfDay() * 1000L) : Optional.empty();
            case TIMESTAMP:
                return value instanceof TimestampString
                        ? Optional.of(((TimestampString) value).getMillisSinceEpoch() * 1000L) : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    private static Optional<BigDecimal> exact(Object value) {
        if (!(value instanceof BigDecimal)) {
            return Optional.empty();
        }
        BigDecimal decimal = (BigDecimal) value;
        try {
            return Optional.of(new BigDecimal(decimal.toBigIntegerExact()));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Optional<Object> rescale(BigDecimal value, Types.DecimalType type) {
        try {
            return Optional.of(value.setScale(type.scale(), java.math.RoundingMode.UNNECESSARY));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
