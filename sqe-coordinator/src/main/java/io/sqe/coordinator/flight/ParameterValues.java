package io.sqe.coordinator.flight;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Reads the parameter rows a client binds to a prepared statement and converts each Arrow value to the plain
 * Java value the engine expects (Boolean, Integer, Long, Float, Double, BigDecimal, String, byte[], LocalDate,
 * LocalTime, LocalDateTime, Instant, or null).
 */
final class ParameterValues {
    private ParameterValues() {}

    /** Every parameter row in {@code stream}, in order; empty when the client sent no rows. */
    static List<List<Object>> readRows(FlightStream stream) {
        List<List<Object>> rows = new ArrayList<>();
        while (stream.next()) {
            VectorSchemaRoot root = stream.getRoot();
            for (int row = 0; row < root.getRowCount(); row++) {
                rows.add(row(root, row));
            }
        }
        return rows;
    }

    static List<Object> row(VectorSchemaRoot root, int row) {
        List<Object> values = new ArrayList<>(root.getFieldVectors().size());
        for (FieldVector vector : root.getFieldVectors()) {
            values.add(value(vector, row));
        }
        return Collections.unmodifiableList(values);
    }

    static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        switch (vector.getMinorType()) {
            case BIT:
                return ((BitVector) vector).get(row) != 0;
            case TINYINT:
            case SMALLINT:
            case UINT1:
            case UINT2:
                return ((Number) vector.getObject(row)).intValue();
            case INT:
            case BIGINT:
            case FLOAT4:
            case FLOAT8:
                return vector.getObject(row);
            case UINT4:
                return Integer.toUnsignedLong((Integer) vector.getObject(row));
            case DECIMAL:
            case DECIMAL256:
                return (BigDecimal) vector.getObject(row);
            case VARCHAR:
            case LARGEVARCHAR:
            case VIEWVARCHAR:
                return vector.getObject(row).toString();
            case VARBINARY:
            case LARGEVARBINARY:
            case FIXEDSIZEBINARY:
            case VIEWVARBINARY:
                byte[] bytes = (byte[]) vector.getObject(row);
                return Arrays.copyOf(bytes, bytes.length);
            case DATEDAY:
                return LocalDate.ofEpochDay(((DateDayVector) vector).get(row));
            case DATEMILLI:
                return ((DateMilliVector) vector).getObject(row).toLocalDate();
            case TIMESEC:
                return LocalTime.ofSecondOfDay(((Number) vector.getObject(row)).longValue());
            case TIMEMILLI:
                return ((LocalDateTime) vector.getObject(row)).toLocalTime();
            case TIMEMICRO:
                return LocalTime.ofNanoOfDay(Math.multiplyExact((Long) vector.getObject(row), 1000L));
            case TIMENANO:
                return LocalTime.ofNanoOfDay((Long) vector.getObject(row));
            case TIMESTAMPSEC:
            case TIMESTAMPMILLI:
            case TIMESTAMPMICRO:
            case TIMESTAMPNANO:
                return LocalDateTime.ofInstant(instant((TimeStampVector) vector, row), ZoneOffset.UTC);
            case TIMESTAMPSECTZ:
            case TIMESTAMPMILLITZ:
            case TIMESTAMPMICROTZ:
            case TIMESTAMPNANOTZ:
                return instant((TimeStampVector) vector, row);
            case NULL:
                return null;
            default:
                throw new SqeException(ErrorCode.NOT_SUPPORTED, "parameter type " + vector.getField().getType()
                        + " is not supported; bind a boolean, number, decimal, string, binary, date, time or timestamp");
        }
    }

    private static Instant instant(TimeStampVector vector, int row) {
        long value = vector.get(row);
        TimeUnit unit = ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
        return switch (unit) {
            case SECOND -> Instant.ofEpochSecond(value);
            case MILLISECOND -> Instant.ofEpochMilli(value);
            case MICROSECOND -> Instant.EPOCH.plus(value, ChronoUnit.MICROS);
            case NANOSECOND -> Instant.EPOCH.plusNanos(value);
        };
    }
}
