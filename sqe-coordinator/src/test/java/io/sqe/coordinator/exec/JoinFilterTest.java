package io.sqe.coordinator.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.iceberg.expressions.Expression;
import org.junit.jupiter.api.Test;

class JoinFilterTest {
    @Test
    void fewBuildRowsGiveTheirDistinctNonNullKeysAsAnInList() {
        long[] keys = {7, 3, 7, 0, -2, 3};
        boolean[] nulls = {false, false, false, true, false, false};
        Expression filter = JoinFilter.of("k", Column.ofLongs(ValueKind.LONG, keys, nulls, keys.length), keys.length);
        assertThat(filter.op()).isEqualTo(Expression.Operation.IN);
        assertThat(filter.toString()).isEqualTo("ref(name=\"k\") in (-2, 3, 7)");
    }

    @Test
    void manyBuildRowsGiveTheRangeOfTheirKeys() {
        int size = JoinFilter.MAX_IN_VALUES + 1;
        long[] keys = new long[size];
        boolean[] nulls = new boolean[size];
        for (int i = 0; i < size; i++) {
            keys[i] = 10 + 3L * i;
        }
        keys[5] = Long.MIN_VALUE;
        nulls[5] = true;
        Expression filter = JoinFilter.of("k", Column.ofLongs(ValueKind.LONG, keys, nulls, size), size);
        assertThat(filter.toString())
                .isEqualTo("(ref(name=\"k\") >= 10 and ref(name=\"k\") <= " + (10 + 3L * (size - 1)) + ")");
    }

    @Test
    void onlyNullKeysMatchNothingAndOtherKindsGiveNoFilter() {
        boolean[] nulls = {true, true};
        assertThat(JoinFilter.of("k", Column.ofLongs(ValueKind.LONG, new long[2], nulls, 2), 2).op())
                .isEqualTo(Expression.Operation.FALSE);
        assertThat(JoinFilter.of("d", Column.ofLongs(ValueKind.DATE, new long[] {1, 2}, null, 2), 2)).isNull();
    }
}
