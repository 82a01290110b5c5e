package io.sqe.coordinator.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/** Materializing an input: every batch of it as one batch. */
final class Batches {
    private Batches() {}

    /** Reads {@code input} to its end into one batch of {@code rowType}, charging it to {@code memory}. */
    static Batch readAll(Operator input, RelDataType rowType, MemoryReservation memory) {
        List<Batch> parts = new ArrayList<>();
        long bytes = 0;
        for (Batch batch = input.next(); batch != null; batch = input.next()) {
            if (batch.size > 0) {
                parts.add(batch);
                bytes += batch.retainedBytes();
                // the parts, and the copy concat makes of them
                memory.ensure(2 * bytes);
            }
        }
        return concat(parts, rowType);
    }

    static Batch concat(List<Batch> parts, RelDataType rowType) {
        List<RelDataTypeField> fields = rowType.getFieldList();
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Column[] columns = new Column[fields.size()];
        int size = 0;
        for (Batch part : parts) {
            size += part.size;
        }
        for (int c = 0; c < columns.length; c++) {
            RelDataType type = fields.get(c).getType();
            if (parts.isEmpty()) {
                columns[c] = Column.allNull(ValueKind.required(type), 0);
                continue;
            }
            List<Column> pieces = new ArrayList<>(parts.size());
            for (Batch part : parts) {
                pieces.add(part.column(c));
            }
            columns[c] = Column.concat(ValueKind.required(type), pieces, type.getScale() < 0 ? 0 : type.getScale());
        }
        return new Batch(size, columns);
    }

    /** Selected columns of {@code batch}. */
    static Column[] columns(Batch batch, int[] indexes) {
        Column[] columns = new Column[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            columns[i] = batch.column(indexes[i]);
        }
        return columns;
    }

    /** Rows {@code [from, to)} of {@code batch}. */
    static Batch slice(Batch batch, int from, int to) {
        if (from == 0 && to == batch.size) {
            return batch;
        }
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return batch.gather(rows, rows.length);
    }
}
