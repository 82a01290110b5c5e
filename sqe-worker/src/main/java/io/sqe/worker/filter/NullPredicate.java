package io.sqe.worker.filter;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.memory.util.MemoryUtil;

/** IS NULL or IS NOT NULL, from the validity bits. */
final class NullPredicate implements FilterNode {
    private final ColumnAccess column;
    private final boolean wantNull;

    private NullPredicate(ColumnAccess column, boolean wantNull) {
        this.column = requireNonNull(column, "column is null");
        this.wantNull = wantNull;
    }

    static FilterNode of(ColumnAccess column, boolean wantNull) {
        return new NullPredicate(column, wantNull);
    }

    @Override
    public int filter(int offset, int[] rows, int count) {
        if (count == 0) {
            return 0;
        }
        if (!wantNull) {
            return column.dropNulls(offset, rows, count);
        }
        int base = column.base(offset);
        long validity = ColumnAccess.checkedAddress(column.vector.getValidityBuffer(),
                ((base + rows[count - 1]) >>> 3) + 1L);
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            int index = base + row;
            rows[kept] = row;
            kept += 1 - ((MemoryUtil.getByte(validity + (index >>> 3)) >>> (index & 7)) & 1);
        }
        return kept;
    }
}
