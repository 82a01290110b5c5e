package io.sqe.coordinator.exec;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * A filter a hash join derives from its build side at run time and hands to the scan its probe key comes from
 * (dynamic filtering): the build keys' distinct values as an IN list when there are at most {@link #MAX_IN_VALUES}
 * build rows, else their range. The scan adds it to its Iceberg filter, so files and row groups whose statistics
 * miss it are skipped and the worker drops the rows it rejects before they reach the join.
 *
 * <p>Only joins that drop unmatched probe rows filter their probe side, and only through nodes that pass the key
 * column on unchanged ({@link PlanNode#joinFilterTarget}); a row the filter removes below such a node only removes
 * output rows whose key is not in the build side, or turns them into rows whose key is null, which the join drops
 * too. Only integer keys are filtered.
 */
final class JoinFilter {
    /** The most build rows whose distinct keys become an IN list; more build a range. */
    static final int MAX_IN_VALUES = 32_768;

    private JoinFilter() {}

    /**
     * A scan column a join filter can be applied to.
     *
     * @param scan the scan node
     * @param column the Iceberg column's name
     */
    record Target(ScanNode scan, String column) {
        Target {
            requireNonNull(scan, "scan is null");
            requireNonNull(column, "column is null");
        }

        @Override
        public String toString() {
            return scan.tableName() + "." + column;
        }
    }

    /**
     * The filter on {@code column} that keeps the rows whose value is among the non-null {@code keys[0..size)}, or
     * null when the keys are not integers.
     */
    static Expression of(String column, Column keys, int size) {
        if (keys.kind != ValueKind.LONG) {
            return null;
        }
        long[] values = new long[size <= MAX_IN_VALUES ? size : 0];
        int count = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int row = 0; row < size; row++) {
            if (keys.nulls != null && keys.nulls[row]) {
                continue;
            }
            long value = keys.longs[row];
            min = Math.min(min, value);
            max = Math.max(max, value);
            if (size <= MAX_IN_VALUES) {
                values[count] = value;
            }
            count++;
        }
        if (count == 0) {
            return Expressions.alwaysFalse();
        }
        if (size > MAX_IN_VALUES) {
            return Expressions.and(Expressions.greaterThanOrEqual(column, min),
                    Expressions.lessThanOrEqual(column, max));
        }
        Arrays.sort(values, 0, count);
        List<Long> distinct = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i == 0 || values[i] != values[i - 1]) {
                distinct.add(values[i]);
            }
        }
        return Expressions.in(column, distinct);
    }
}
