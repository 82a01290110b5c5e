package io.sqe.coordinator.exec;

import static java.util.Objects.requireNonNull;

/** A set of rows as one {@link Column} per output field, all of {@link #size} rows. */
final class Batch {
    final int size;
    final Column[] columns;

    Batch(int size, Column[] columns) {
        this.size = size;
        this.columns = requireNonNull(columns, "columns is null");
        for (Column column : columns) {
            if (column.size != size) {
                throw new IllegalArgumentException("column of " + column.size + " rows in a batch of " + size);
            }
        }
    }

    Column column(int index) {
        return columns[index];
    }

    int width() {
        return columns.length;
    }

    /** The rows {@code rows[0..count)} of every column. */
    Batch gather(int[] rows, int count) {
        Column[] gathered = new Column[columns.length];
        for (int i = 0; i < columns.length; i++) {
            gathered[i] = columns[i].gather(rows, count);
        }
        return new Batch(count, gathered);
    }

    /** The first {@code count} rows. */
    Batch head(int count) {
        if (count >= size) {
            return this;
        }
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = i;
        }
        return gather(rows, count);
    }

    long retainedBytes() {
        long total = 0;
        for (Column column : columns) {
            total += column.retainedBytes();
        }
        return total;
    }
}
