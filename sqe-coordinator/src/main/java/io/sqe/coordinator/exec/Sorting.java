package io.sqe.coordinator.exec;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.type.RelDataType;

/** The order of a batch's rows under SQL collations, for sorts and windows. */
final class Sorting {
    private Sorting() {}

    static boolean nullsFirst(RelFieldCollation collation) {
        RelFieldCollation.NullDirection nulls = collation.nullDirection;
        if (nulls == RelFieldCollation.NullDirection.UNSPECIFIED) {
            nulls = collation.getDirection().defaultNullDirection();
        }
        return nulls == RelFieldCollation.NullDirection.FIRST;
    }

    /** The batch's row numbers in collation order; equal rows keep their order. */
    static int[] order(Batch batch, List<RelFieldCollation> collations, RelDataType rowType) {
        Integer[] order = new Integer[batch.size];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int keys = collations.size();
        Column[] columns = new Column[keys];
        boolean[] descending = new boolean[keys];
        boolean[] nullsFirst = new boolean[keys];
        int[] scales = new int[keys];
        for (int k = 0; k < keys; k++) {
            RelFieldCollation collation = collations.get(k);
            columns[k] = batch.column(collation.getFieldIndex());
            descending[k] = collation.getDirection().isDescending();
            nullsFirst[k] = nullsFirst(collation);
            scales[k] = Math.max(0, rowType.getFieldList().get(collation.getFieldIndex()).getType().getScale());
        }
        Arrays.sort(order, (a, b) -> {
            for (int k = 0; k < keys; k++) {
                Column column = columns[k];
                boolean aNull = column.isNull(a);
                boolean bNull = column.isNull(b);
                if (aNull || bNull) {
                    if (aNull == bNull) {
                        continue;
                    }
                    return aNull == nullsFirst[k] ? -1 : 1;
                }
                int result = Comparisons.compareRows(column, a, column, b, scales[k]);
                if (result != 0) {
                    return descending[k] ? -result : result;
                }
            }
            return 0;
        });
        int[] rows = new int[order.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = order[i];
        }
        return rows;
    }
}
