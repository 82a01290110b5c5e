package io.sqe.coordinator.exec;

/** AND, OR, NOT and IS [NOT] NULL over BOOLEAN columns, with SQL's three-valued logic. */
final class Logic {
    private Logic() {}

    static boolean[] unionNulls(Column left, Column right) {
        if (left.nulls == null) {
            return right.nulls;
        }
        if (right.nulls == null) {
            return left.nulls;
        }
        boolean[] nulls = new boolean[left.size];
        for (int i = 0; i < nulls.length; i++) {
            nulls[i] = left.nulls[i] || right.nulls[i];
        }
        return nulls;
    }

    /** AND (or OR): false (true) wins over null. */
    static Column combine(boolean and, Column left, Column right) {
        int size = left.size;
        long[] result = new long[size];
        boolean[] nulls = left.nulls == null && right.nulls == null ? null : new boolean[size];
        long dominant = and ? 0 : 1;
        for (int i = 0; i < size; i++) {
            boolean leftNull = left.isNull(i);
            boolean rightNull = right.isNull(i);
            long a = left.longs[i];
            long b = right.longs[i];
            if (!leftNull && a == dominant || !rightNull && b == dominant) {
                result[i] = dominant;
            } else if (leftNull || rightNull) {
                nulls[i] = true;
            } else {
                result[i] = 1 - dominant;
            }
        }
        return Column.ofLongs(ValueKind.BOOLEAN, result, nulls, size);
    }

    static Column not(Column values) {
        long[] result = new long[values.size];
        for (int i = 0; i < result.length; i++) {
            result[i] = 1 - values.longs[i];
        }
        return Column.ofLongs(ValueKind.BOOLEAN, result, values.nulls, values.size);
    }

    static Column isNull(Column values, boolean wantNull) {
        long[] result = new long[values.size];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.isNull(i) == wantNull ? 1 : 0;
        }
        return Column.ofLongs(ValueKind.BOOLEAN, result, null, values.size);
    }

    /** IS TRUE, IS NOT TRUE, IS FALSE, IS NOT FALSE: never null. */
    static Column is(Column values, boolean truth, boolean negated) {
        long[] result = new long[values.size];
        long wanted = truth ? 1 : 0;
        for (int i = 0; i < result.length; i++) {
            boolean matches = !values.isNull(i) && values.longs[i] == wanted;
            result[i] = matches != negated ? 1 : 0;
        }
        return Column.ofLongs(ValueKind.BOOLEAN, result, null, values.size);
    }

    /** The rows where {@code condition} is true (not false, not null); returns how many. */
    static int selected(Column condition, int[] rows) {
        int count = 0;
        long[] values = condition.longs;
        boolean[] nulls = condition.nulls;
        for (int i = 0; i < condition.size; i++) {
            if (values[i] != 0 && (nulls == null || !nulls[i])) {
                rows[count++] = i;
            }
        }
        return count;
    }
}
