package io.sqe.coordinator.exec;

import java.math.BigDecimal;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.rel.type.RelDataType;

/** Moves values between Arrow vectors (the scan's batches, the client's result) and {@link Column}s. */
final class ArrowColumns {
    private ArrowColumns() {}

    /** The rows of an Arrow batch as a {@link Batch}; {@code types} are the SQL types of its columns. */
    static Batch read(VectorSchemaRoot root, java.util.List<RelDataType> types) {
        int size = root.getRowCount();
        Column[] columns = new Column[types.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = read(root.getVector(i), types.get(i), size);
        }
        return new Batch(size, columns);
    }

    /**
     * The first {@code count} longs of a buffer, read by address after one bounds check. (A little-endian
     * {@code nioBuffer} view copies in bulk too, but Arrow builds each view through a reflective constructor, which
     * showed up in profiles at 4 % of a TPC-H run.)
     */
    private static long[] longs(ArrowBuf data, int count) {
        long address = address(data, (long) count * Long.BYTES);
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = MemoryUtil.getLong(address + ((long) i << 3));
        }
        return values;
    }

    /** The address of a buffer that holds at least {@code bytes} bytes. */
    private static long address(ArrowBuf data, long bytes) {
        if (bytes > data.capacity()) {
            throw new IllegalStateException("a column of " + bytes + " bytes in a buffer of " + data.capacity());
        }
        return data.memoryAddress();
    }

    private static boolean[] nulls(FieldVector vector, int size) {
        if (vector.getNullCount() == 0) {
            return null;
        }
        boolean[] nulls = new boolean[size];
        for (int i = 0; i < size; i++) {
            nulls[i] = vector.isNull(i);
        }
        return nulls;
    }

    static Column read(FieldVector vector, RelDataType type, int size) {
        ValueKind kind = ValueKind.required(type);
        boolean[] nulls = nulls(vector, size);
        ArrowBuf data = vector.getDataBuffer();
        switch (kind) {
            case BOOLEAN: {
                BitVector bits = (BitVector) vector;
                long[] values = new long[size];
                for (int i = 0; i < size; i++) {
                    values[i] = nulls != null && nulls[i] ? 0 : bits.get(i);
                }
                return Column.ofLongs(kind, values, nulls, size);
            }
            case LONG:
            case DATE:
            case TIMESTAMP: {
                long[] values;
                if (vector instanceof BigIntVector || vector instanceof TimeStampMicroVector) {
                    values = longs(data, size);
                } else if (vector instanceof IntVector || vector instanceof DateDayVector) {
                    values = new long[size];
                    long ints = address(data, (long) size * Integer.BYTES);
                    for (int i = 0; i < size; i++) {
                        values[i] = MemoryUtil.getInt(ints + ((long) i << 2));
                    }
                } else if (vector instanceof BaseIntVector) {
                    values = new long[size];
                    BaseIntVector integers = (BaseIntVector) vector;
                    for (int i = 0; i < size; i++) {
                        values[i] = nulls != null && nulls[i] ? 0 : integers.getValueAsLong(i);
                    }
                } else {
                    throw new Unsupported("Arrow vector " + vector.getClass().getSimpleName() + " for " + type);
                }
                if (nulls != null) {
                    for (int i = 0; i < size; i++) {
                        if (nulls[i]) {
                            values[i] = 0;
                        }
                    }
                }
                return Column.ofLongs(kind, values, nulls, size);
            }
            case DOUBLE: {
                double[] values = new double[size];
                long doubles = address(data, (long) size * Double.BYTES);
                for (int i = 0; i < size; i++) {
                    values[i] = Double.longBitsToDouble(MemoryUtil.getLong(doubles + ((long) i << 3)));
                }
                return Column.ofDoubles(values, nulls, size);
            }
            case DECIMAL: {
                DecimalVector decimals = (DecimalVector) vector;
                if (decimals.getScale() != type.getScale()) {
                    throw new Unsupported("decimal column of scale " + decimals.getScale() + " typed " + type);
                }
                // Each decimal is two little-endian longs, the low one first.
                long[] halves = longs(data, size * 2);
                long[] values = new long[size];
                for (int i = 0; i < size; i++) {
                    long low = halves[2 * i];
                    long high = halves[2 * i + 1];
                    if (nulls != null && nulls[i]) {
                        continue;
                    }
                    if (high != (low >> 63)) {
                        BigDecimal[] wide = new BigDecimal[size];
                        for (int j = 0; j < size; j++) {
                            wide[j] = nulls != null && nulls[j] ? null : decimals.getObject(j);
                        }
                        return Column.ofDecimals(wide, nulls, size);
                    }
                    values[i] = low;
                }
                return Column.ofLongs(kind, values, nulls, size);
            }
            case STRING: {
                VarCharVector strings = (VarCharVector) vector;
                ArrowBuf offsetBuffer = strings.getOffsetBuffer();
                int[] offsets = new int[size + 1];
                if (size == 0) {
                    return Column.ofStrings(new byte[0], offsets, nulls, size);
                }
                long offsetAddress = address(offsetBuffer, (long) (size + 1) * Integer.BYTES);
                int base = MemoryUtil.getInt(offsetAddress);
                for (int i = 0; i <= size; i++) {
                    offsets[i] = MemoryUtil.getInt(offsetAddress + ((long) i << 2)) - base;
                }
                byte[] bytes = new byte[offsets[size]];
                data.getBytes(base, bytes, 0, bytes.length);
                return Column.ofStrings(bytes, offsets, nulls, size);
            }
        }
        throw new IllegalStateException("unknown kind " + kind);
    }

    /** Writes {@code batch} into {@code root} (the result schema), replacing what it held. */
    static void write(Batch batch, VectorSchemaRoot root, java.util.List<RelDataType> types) {
        int size = batch.size;
        for (int c = 0; c < types.size(); c++) {
            FieldVector vector = root.getVector(c);
            vector.reset();
            vector.setInitialCapacity(size);
            vector.allocateNew();
            write(batch.column(c), vector, types.get(c), size);
            vector.setValueCount(size);
        }
        root.setRowCount(size);
    }

    private static void write(Column column, FieldVector vector, RelDataType type, int size) {
        for (int i = 0; i < size; i++) {
            if (column.isNull(i)) {
                vector.setNull(i);
                continue;
            }
            if (vector instanceof VarCharVector) {
                ((VarCharVector) vector).setSafe(i, column.bytes, column.offsets[i], column.stringLength(i));
            } else if (vector instanceof BigIntVector) {
                ((BigIntVector) vector).set(i, column.longs[i]);
            } else if (vector instanceof IntVector) {
                ((IntVector) vector).set(i, (int) column.longs[i]);
            } else if (vector instanceof DecimalVector) {
                DecimalVector decimals = (DecimalVector) vector;
                if (column.isWide()) {
                    decimals.setSafe(i, Column.rescale(column.decimals[i], decimals.getScale()));
                } else {
                    decimals.set(i, column.longs[i]);
                }
            } else if (vector instanceof Float8Vector) {
                ((Float8Vector) vector).set(i, column.doubles[i]);
            } else if (vector instanceof TimeStampMicroVector) {
                ((TimeStampMicroVector) vector).set(i, column.longs[i]);
            } else if (vector instanceof DateDayVector) {
                ((DateDayVector) vector).set(i, (int) column.longs[i]);
            } else if (vector instanceof BitVector) {
                ((BitVector) vector).set(i, (int) column.longs[i]);
            } else if (vector instanceof SmallIntVector) {
                ((SmallIntVector) vector).set(i, (short) column.longs[i]);
            } else if (vector instanceof TinyIntVector) {
                ((TinyIntVector) vector).set(i, (byte) column.longs[i]);
            } else {
                throw new IllegalStateException("no writer for " + vector.getClass().getSimpleName() + " of " + type);
            }
        }
    }
}
