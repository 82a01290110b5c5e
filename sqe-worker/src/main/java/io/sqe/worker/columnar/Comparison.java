package io.sqe.worker.columnar;

import io.sqe.planner.aggregation.ScanExpression.Operator;
import io.sqe.planner.aggregation.ScanType;
import io.sqe.planner.aggregation.ScanType.Kind;

/** Comparisons over whole arrays, after converting both sides to a common type; null when either side is. */
final class Comparison {
    private Comparison() {}

    static ColumnValues apply(Operator operator, ColumnValues left, ColumnValues right, ScanType type) {
        Kind leftKind = left.type.kind();
        Kind rightKind = right.type.kind();
        ColumnValues result = new ColumnValues(type, left.count);
        result.longs = new long[left.count];
        for (int i = 0; i < left.count; i++) {
            if (left.isNull(i) || right.isNull(i)) {
                result.setNull(i);
            }
        }
        if (leftKind == Kind.STRING || rightKind == Kind.STRING) {
            if (leftKind != rightKind) {
                throw new IllegalArgumentException("cannot compare " + left.type + " with " + right.type);
            }
            for (int i = 0; i < left.count; i++) {
                if (!result.isNull(i)) {
                    result.longs[i] = test(operator, ColumnValues.compareStrings(left, i, right, i));
                }
            }
            return result;
        }
        if (leftKind == Kind.DOUBLE || rightKind == Kind.DOUBLE) {
            ScanType common = ScanType.of(Kind.DOUBLE);
            double[] a = ExpressionEvaluator.convert(left, common).doubles;
            double[] b = ExpressionEvaluator.convert(right, common).doubles;
            for (int i = 0; i < left.count; i++) {
                result.longs[i] = test(operator, Double.compare(a[i], b[i]));
            }
            return result;
        }
        if (leftKind == Kind.DECIMAL || rightKind == Kind.DECIMAL) {
            int scale = Math.max(leftKind == Kind.DECIMAL ? left.type.scale() : 0,
                    rightKind == Kind.DECIMAL ? right.type.scale() : 0);
            ScanType common = ScanType.decimal(38, scale);
            ColumnValues a = ExpressionEvaluator.convert(left, common);
            ColumnValues b = ExpressionEvaluator.convert(right, common);
            boolean anyWide = a.wide != null || b.wide != null;
            for (int i = 0; i < left.count; i++) {
                int order = anyWide && (a.isWide(i) || b.isWide(i)) ? a.decimal(i).compareTo(b.decimal(i))
                        : Long.compare(a.longs[i], b.longs[i]);
                result.longs[i] = test(operator, order);
            }
            return result;
        }
        for (int i = 0; i < left.count; i++) {
            result.longs[i] = test(operator, Long.compare(left.longs[i], right.longs[i]));
        }
        return result;
    }

    private static long test(Operator operator, int order) {
        boolean outcome;
        switch (operator) {
            case EQUAL:
                outcome = order == 0;
                break;
            case NOT_EQUAL:
                outcome = order != 0;
                break;
            case LESS:
                outcome = order < 0;
                break;
            case LESS_OR_EQUAL:
                outcome = order <= 0;
                break;
            case GREATER:
                outcome = order > 0;
                break;
            case GREATER_OR_EQUAL:
                outcome = order >= 0;
                break;
            default:
                throw new IllegalArgumentException(operator + " is not a comparison");
        }
        return outcome ? 1 : 0;
    }
}
