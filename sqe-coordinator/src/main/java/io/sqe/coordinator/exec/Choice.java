package io.sqe.coordinator.exec;

import java.math.BigDecimal;

/** Builds a column whose row {@code i} comes from {@code sources[sourceOfRow[i]]} at row {@code i}. */
final class Choice {
    private Choice() {}

    static Column choose(ValueKind kind, int scale, int[] sourceOfRow, Column[] sources, int size) {
        boolean[] nulls = new boolean[size];
        for (int i = 0; i < size; i++) {
            nulls[i] = sources[sourceOfRow[i]].isNull(i);
        }
        switch (kind) {
            case DOUBLE: {
                double[] values = new double[size];
                for (int i = 0; i < size; i++) {
                    values[i] = sources[sourceOfRow[i]].doubles[i];
                }
                return Column.ofDoubles(values, nulls, size);
            }
            case STRING: {
                int[] offsets = new int[size + 1];
                for (int i = 0; i < size; i++) {
                    offsets[i + 1] = offsets[i] + (nulls[i] ? 0 : sources[sourceOfRow[i]].stringLength(i));
                }
                byte[] bytes = new byte[offsets[size]];
                for (int i = 0; i < size; i++) {
                    if (!nulls[i]) {
                        Column source = sources[sourceOfRow[i]];
                        System.arraycopy(source.bytes, source.offsets[i], bytes, offsets[i], source.stringLength(i));
                    }
                }
                return Column.ofStrings(bytes, offsets, nulls, size);
            }
            case DECIMAL: {
                boolean wide = false;
                for (Column source : sources) {
                    wide |= source.isWide();
                }
                if (wide) {
                    BigDecimal[] values = new BigDecimal[size];
                    for (int i = 0; i < size; i++) {
                        values[i] = nulls[i] ? null : sources[sourceOfRow[i]].decimal(i, scale);
                    }
                    return Column.decimalsNarrowedIfPossible(values, nulls, size);
                }
                return longs(kind, sourceOfRow, sources, nulls, size);
            }
            case BOOLEAN:
            case LONG:
            case DATE:
            case TIMESTAMP:
                return longs(kind, sourceOfRow, sources, nulls, size);
        }
        throw new IllegalStateException("unknown kind " + kind);
    }

    private static Column longs(ValueKind kind, int[] sourceOfRow, Column[] sources, boolean[] nulls, int size) {
        long[] values = new long[size];
        for (int i = 0; i < size; i++) {
            values[i] = sources[sourceOfRow[i]].longs[i];
        }
        return Column.ofLongs(kind, values, nulls, size);
    }

    /** Row {@code i} is {@code sources[i]} at {@code rows[i]}; a null source gives a null. */
    static Column pick(ValueKind kind, int scale, Column[] sources, int[] rows, int size) {
        boolean[] nulls = new boolean[size];
        for (int i = 0; i < size; i++) {
            nulls[i] = sources[i] == null || sources[i].isNull(rows[i]);
        }
        switch (kind) {
            case DOUBLE: {
                double[] values = new double[size];
                for (int i = 0; i < size; i++) {
                    values[i] = nulls[i] ? 0 : sources[i].doubles[rows[i]];
                }
                return Column.ofDoubles(values, nulls, size);
            }
            case STRING: {
                int[] offsets = new int[size + 1];
                for (int i = 0; i < size; i++) {
                    offsets[i + 1] = offsets[i] + (nulls[i] ? 0 : sources[i].stringLength(rows[i]));
                }
                byte[] bytes = new byte[offsets[size]];
                for (int i = 0; i < size; i++) {
                    if (!nulls[i]) {
                        Column source = sources[i];
                        System.arraycopy(source.bytes, source.offsets[rows[i]], bytes, offsets[i],
                                source.stringLength(rows[i]));
                    }
                }
                return Column.ofStrings(bytes, offsets, nulls, size);
            }
            case DECIMAL: {
                boolean wide = false;
                for (int i = 0; i < size; i++) {
                    wide |= !nulls[i] && sources[i].isWide();
                }
                if (wide) {
                    BigDecimal[] values = new BigDecimal[size];
                    for (int i = 0; i < size; i++) {
                        values[i] = nulls[i] ? null : sources[i].decimal(rows[i], scale);
                    }
                    return Column.decimalsNarrowedIfPossible(values, nulls, size);
                }
                break;
            }
            case BOOLEAN:
            case LONG:
            case DATE:
            case TIMESTAMP:
                break;
        }
        long[] values = new long[size];
        for (int i = 0; i < size; i++) {
            values[i] = nulls[i] ? 0 : sources[i].longs[rows[i]];
        }
        return Column.ofLongs(kind, values, nulls, size);
    }
}
