package io.sqe.worker.filter;

import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.BoundLiteralPredicate;
import org.apache.iceberg.expressions.BoundPredicate;
import org.apache.iceberg.expressions.BoundSetPredicate;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Binding a residual for evaluation, and the value semantics both evaluators share: Iceberg's orderings (strings by
 * code point, which is their UTF-8 byte order; NaN above every number), except that {@code -0.0} equals {@code 0.0},
 * as in SQL.
 */
final class FilterExpressions {
    private FilterExpressions() {}

    /** The residual without NOT (pushed into the predicates, which is exact in three-valued logic), bound. */
    static Expression bind(Types.StructType struct, Expression residual) {
        return Binder.bind(struct, Expressions.rewriteNot(residual), true);
    }

    /**
     * Whether a predicate is certainly true for a value read in Iceberg's internal representation: false for a null
     * value unless the predicate is IS NULL, true for IS NOT NULL on any non-null value.
     */
    static boolean test(BoundPredicate<?> predicate, Object value) {
        switch (predicate.op()) {
            case IS_NULL:
                return value == null;
            case NOT_NULL:
                return value != null;
            default:
                if (value == null) {
                    return false;
                }
                return testValue(predicate, value);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean testValue(BoundPredicate<?> predicate, Object value) {
        Type type = predicate.term().type();
        boolean floating = type.typeId() == Type.TypeID.FLOAT || type.typeId() == Type.TypeID.DOUBLE;
        if (!floating) {
            return ((BoundPredicate) predicate).test(value);
        }
        double number = ((Number) value).doubleValue();
        switch (predicate.op()) {
            case IS_NAN:
                return Double.isNaN(number);
            case NOT_NAN:
                return !Double.isNaN(number);
            case IN:
            case NOT_IN:
                boolean found = false;
                for (Object literal : ((BoundSetPredicate<?>) predicate).literalSet()) {
                    found |= compareFloating(number, ((Number) literal).doubleValue()) == 0;
                }
                return found == (predicate.op() == Expression.Operation.IN);
            default:
                double literal = ((Number) ((BoundLiteralPredicate<?>) predicate).literal().value()).doubleValue();
                return outcome(predicate.op(), compareFloating(number, literal));
        }
    }

    /** Double.compare's order (NaN largest, equal to itself) with the zeros made equal. */
    static int compareFloating(double left, double right) {
        return Double.compare(left + 0.0, right + 0.0);
    }

    static boolean outcome(Expression.Operation op, int order) {
        switch (op) {
            case LT:
                return order < 0;
            case LT_EQ:
                return order <= 0;
            case GT:
                return order > 0;
            case GT_EQ:
                return order >= 0;
            case EQ:
                return order == 0;
            case NOT_EQ:
                return order != 0;
            default:
                throw new IllegalArgumentException(op + " is not a comparison");
        }
    }
}
