package io.sqe.worker.filter;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * One row of the decoded run, read in Iceberg's internal representation (days, microseconds, BigDecimals,
 * Strings, ByteBuffers, UUIDs), for the predicates no kernel covers.
 */
final class RunRow implements StructLike {
    private final Type[] types;
    private final ColumnAccess[] columns;
    private int offset;
    private int row;

    RunRow(Types.StructType struct, ColumnAccess[] columns) {
        List<Types.NestedField> fields = struct.fields();
        this.types = new Type[fields.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = fields.get(i).type();
        }
        this.columns = columns.clone();
    }

    void moveTo(int offset, int row) {
        this.offset = offset;
        this.row = row;
    }

    @Override
    public int size() {
        return types.length;
    }

    @Override
    public <T> T get(int pos, Class<T> javaClass) {
        return javaClass.cast(value(pos));
    }

    private Object value(int pos) {
        ColumnAccess column = columns[pos];
        int at = column.base(offset) + row;
        if (column.vector.isNull(at)) {
            return null;
        }
        switch (types[pos].typeId()) {
            case BOOLEAN:
                return ((BitVector) column.vector).get(at) != 0;
            case INTEGER:
            case DATE:
                return column.vector.getDataBuffer().getInt((long) at * 4);
            case LONG:
            case TIME:
            case TIMESTAMP:
                return column.vector.getDataBuffer().getLong((long) at * 8);
            case FLOAT:
                return column.vector.getDataBuffer().getFloat((long) at * 4);
            case DOUBLE:
                return column.vector.getDataBuffer().getDouble((long) at * 8);
            case DECIMAL:
                return ((DecimalVector) column.vector).getObject(at);
            case STRING:
                return new String(((VarCharVector) column.vector).get(at), UTF_8);
            case UUID:
                return UUID.fromString(new String(((VarCharVector) column.vector).get(at), UTF_8));
            case BINARY:
            case FIXED:
                return ByteBuffer.wrap(((VarBinaryVector) column.vector).get(at));
            default:
                // The bulk decoder only decodes the types above.
                throw new IllegalStateException("No row view for type " + types[pos]);
        }
    }

    @Override
    public <T> void set(int pos, T value) {
        throw new UnsupportedOperationException("Decoded rows are read-only");
    }
}
