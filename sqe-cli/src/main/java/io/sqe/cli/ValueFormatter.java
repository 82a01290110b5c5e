package io.sqe.cli;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Renders one Arrow value as text the way SQE shows it: decimals with their scale, dates as {@code yyyy-MM-dd},
 * times as {@code HH:mm:ss[.ffffff]}, timestamps as {@code yyyy-MM-dd HH:mm:ss.ffffff} (with {@code UTC} for
 * timestamps with a time zone), binary as lower-case hex.
 */
public final class ValueFormatter {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter TIME_FRACTION = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    private ValueFormatter() {}

    /** The text of the value at {@code row}, or empty for SQL NULL. */
    public static Optional<String> format(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return Optional.empty();
        }
        return Optional.of(formatNonNull(vector, row));
    }

    /** Whether values of this type are numbers: right-aligned in tables, unquoted in JSON when exact. */
    public static boolean isNumeric(ArrowType type) {
        return type instanceof ArrowType.Int || type instanceof ArrowType.FloatingPoint
                || type instanceof ArrowType.Decimal;
    }

    private static String formatNonNull(FieldVector vector, int row) {
        switch (vector.getMinorType()) {
            case BIT:
                return ((BitVector) vector).get(row) != 0 ? "true" : "false";
            case DECIMAL:
                return ((DecimalVector) vector).getObject(row).toPlainString();
            case DECIMAL256:
                return ((Decimal256Vector) vector).getObject(row).toPlainString();
            case DATEDAY:
                return LocalDate.ofEpochDay(((DateDayVector) vector).get(row)).toString();
            case DATEMILLI:
                return LocalDate.ofEpochDay(Math.floorDiv(((DateMilliVector) vector).get(row), 86_400_000L)).toString();
            case TIMESEC:
                return time(((Number) vector.getObject(row)).longValue() * 1_000_000_000L);
            case TIMEMILLI:
                return time(((LocalDateTime) vector.getObject(row)).toLocalTime().toNanoOfDay());
            case TIMEMICRO:
                return time((Long) vector.getObject(row) * 1_000L);
            case TIMENANO:
                return time((Long) vector.getObject(row));
            case TIMESTAMPSEC:
            case TIMESTAMPMILLI:
            case TIMESTAMPMICRO:
            case TIMESTAMPNANO:
                return TIMESTAMP.format(timestamp((TimeStampVector) vector, row));
            case TIMESTAMPSECTZ:
            case TIMESTAMPMILLITZ:
            case TIMESTAMPMICROTZ:
            case TIMESTAMPNANOTZ:
                return TIMESTAMP.format(timestamp((TimeStampVector) vector, row)) + " UTC";
            case VARBINARY:
            case LARGEVARBINARY:
            case FIXEDSIZEBINARY:
            case VIEWVARBINARY:
                return HexFormat.of().formatHex((byte[]) vector.getObject(row));
            default:
                return String.valueOf(vector.getObject(row));
        }
    }

    private static String time(long nanoOfDay) {
        LocalTime time = LocalTime.ofNanoOfDay(nanoOfDay);
        return time.getNano() == 0 ? TIME.format(time) : TIME_FRACTION.format(time);
    }

    private static LocalDateTime timestamp(TimeStampVector vector, int row) {
        long value = vector.get(row);
        ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
        LocalDateTime epoch = LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC);
        return switch (type.getUnit()) {
            case SECOND -> epoch.plusSeconds(value);
            case MILLISECOND -> epoch.plus(value, ChronoUnit.MILLIS);
            case MICROSECOND -> epoch.plus(value, ChronoUnit.MICROS);
            case NANOSECOND -> epoch.plusNanos(value);
        };
    }
}
