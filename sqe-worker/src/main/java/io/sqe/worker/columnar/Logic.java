package io.sqe.worker.columnar;

import io.sqe.planner.aggregation.ScanType;

/** SQL's three-valued AND, OR and NOT, and IS [NOT] NULL, over boolean values held as 0 and 1. */
final class Logic {
    private static final ScanType BOOLEAN = ScanType.of(ScanType.Kind.BOOLEAN);

    private Logic() {}

    static ColumnValues combine(boolean and, ColumnValues left, ColumnValues right) {
        ColumnValues result = new ColumnValues(BOOLEAN, left.count);
        result.longs = new long[left.count];
        long decisive = and ? 0 : 1;
        for (int i = 0; i < left.count; i++) {
            boolean leftNull = left.isNull(i);
            boolean rightNull = right.isNull(i);
            if (!leftNull && left.longs[i] == decisive || !rightNull && right.longs[i] == decisive) {
                result.longs[i] = decisive;
            } else if (leftNull || rightNull) {
                result.setNull(i);
            } else {
                result.longs[i] = 1 - decisive;
            }
        }
        return result;
    }

    static ColumnValues not(ColumnValues operand) {
        ColumnValues result = new ColumnValues(BOOLEAN, operand.count);
        result.longs = new long[operand.count];
        result.nulls = operand.nulls;
        for (int i = 0; i < operand.count; i++) {
            result.longs[i] = 1 - operand.longs[i];
        }
        return result;
    }

    static ColumnValues isNull(ColumnValues operand, boolean wantNull) {
        ColumnValues result = new ColumnValues(BOOLEAN, operand.count);
        result.longs = new long[operand.count];
        for (int i = 0; i < operand.count; i++) {
            result.longs[i] = operand.isNull(i) == wantNull ? 1 : 0;
        }
        return result;
    }
}
