package io.sqe.worker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Writes the values of one column, as Iceberg's generic readers produce them, into an Arrow vector of the type
 * {@link io.sqe.planner.types.ArrowSchemas} maps the column to.
 */
public interface ColumnWriter {

    /** Writes {@code value} (or a null) at {@code index}, growing the vector as needed. */
    void write(int index, Object value);

    static ColumnWriter create(Types.NestedField column, FieldVector vector) {
        requireNonNull(column, "column is null");
        requireNonNull(vector, "vector is null");
        ValueSetter setter = setter(column, vector);
        return (index, value) -> {
            if (value == null) {
                vector.setNull(index);
            } else {
                setter.set(index, value);
            }
        };
    }

    private static ValueSetter setter(Types.NestedField column, FieldVector vector) {
        switch (column.type().typeId()) {
            case BOOLEAN:
                BitVector bits = (BitVector) vector;
                return (index, value) -> bits.setSafe(index, (Boolean) value ? 1 : 0);
            case INTEGER:
                IntVector ints = (IntVector) vector;
                return (index, value) -> ints.setSafe(index, (Integer) value);
            case LONG:
                BigIntVector longs = (BigIntVector) vector;
                return (index, value) -> longs.setSafe(index, (Long) value);
            case FLOAT:
                Float4Vector floats = (Float4Vector) vector;
                return (index, value) -> floats.setSafe(index, (Float) value);
            case DOUBLE:
                Float8Vector doubles = (Float8Vector) vector;
                return (index, value) -> doubles.setSafe(index, (Double) value);
            case DECIMAL:
                DecimalVector decimals = (DecimalVector) vector;
                return (index, value) -> decimals.setSafe(index, (BigDecimal) value);
            case STRING:
            case UUID:
                VarCharVector strings = (VarCharVector) vector;
                return (index, value) -> strings.setSafe(index, value.toString().getBytes(UTF_8));
            case BINARY:
            case FIXED:
                VarBinaryVector binaries = (VarBinaryVector) vector;
                return (index, value) -> writeBinary(binaries, index, value);
            case DATE:
                DateDayVector dates = (DateDayVector) vector;
                return (index, value) -> dates.setSafe(index, DateTimeUtil.daysFromDate((LocalDate) value));
            case TIME:
                TimeMicroVector times = (TimeMicroVector) vector;
                return (index, value) -> times.setSafe(index, DateTimeUtil.microsFromTime((LocalTime) value));
            case TIMESTAMP:
                if (((Types.TimestampType) column.type()).shouldAdjustToUTC()) {
                    TimeStampMicroTZVector instants = (TimeStampMicroTZVector) vector;
                    return (index, value) ->
                            instants.setSafe(index, DateTimeUtil.microsFromTimestamptz((OffsetDateTime) value));
                }
                TimeStampMicroVector timestamps = (TimeStampMicroVector) vector;
                return (index, value) ->
                        timestamps.setSafe(index, DateTimeUtil.microsFromTimestamp((LocalDateTime) value));
            default:
                // ArrowSchemas rejects these before any vector exists; reaching here is a bug.
                throw new SqeException(ErrorCode.INTERNAL_ERROR,
                        "No Arrow writer for column " + column.name() + " of type " + column.type());
        }
    }

    private static void writeBinary(VarBinaryVector vector, int index, Object value) {
        if (value instanceof byte[]) {
            byte[] bytes = (byte[]) value;
            vector.setSafe(index, bytes, 0, bytes.length);
        } else {
            ByteBuffer buffer = (ByteBuffer) value;
            vector.setSafe(index, buffer, buffer.position(), buffer.remaining());
        }
    }

    /** Sets one non-null value. */
    @FunctionalInterface
    interface ValueSetter {
        void set(int index, Object value);
    }
}
