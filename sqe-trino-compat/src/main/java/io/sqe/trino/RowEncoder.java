package io.sqe.trino;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Writes the rows of an Arrow batch as the JSON array of arrays Trino's clients read in {@code data}, with values
 * in Trino's JSON forms: decimals as strings, temporal values as text with their precision
 * ({@code 2024-01-05 10:00:00.000000}, with {@code UTC} for timestamps with time zone), varbinary as base64, and
 * doubles and reals as numbers, or as the strings {@code NaN}, {@code Infinity} and {@code -Infinity}.
 */
final class RowEncoder {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    private RowEncoder() {}

    /** One encoded batch: the JSON text of its rows (without the enclosing brackets) and how many there are. */
    record Page(String rowsJson, int rows) {
        Page {
            java.util.Objects.requireNonNull(rowsJson, "rowsJson is null");
        }
    }

    static Page encode(VectorSchemaRoot root) {
        List<ValueWriter> writers = new ArrayList<>();
        for (FieldVector vector : root.getFieldVectors()) {
            writers.add(writer(vector));
        }
        StringWriter text = new StringWriter(Math.max(16, root.getRowCount() * 16 * writers.size()));
        try (JsonGenerator generator = JSON.createGenerator(text)) {
            int rows = root.getRowCount();
            // One enclosing array keeps the generator's separators right; it is cut off below.
            generator.writeStartArray();
            for (int row = 0; row < rows; row++) {
                generator.writeStartArray();
                for (int column = 0; column < writers.size(); column++) {
                    if (root.getVector(column).isNull(row)) {
                        generator.writeNull();
                    } else {
                        writers.get(column).write(generator, row);
                    }
                }
                generator.writeEndArray();
            }
            generator.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuffer json = text.getBuffer();
        return new Page(json.substring(1, json.length() - 1), root.getRowCount());
    }

    @FunctionalInterface
    private interface ValueWriter {
        void write(JsonGenerator generator, int row) throws IOException;
    }

    private static ValueWriter writer(FieldVector vector) {
        if (vector instanceof BitVector bits) {
            return (generator, row) -> generator.writeBoolean(bits.get(row) != 0);
        }
        if (vector instanceof TinyIntVector tiny) {
            return (generator, row) -> generator.writeNumber(tiny.get(row));
        }
        if (vector instanceof SmallIntVector small) {
            return (generator, row) -> generator.writeNumber(small.get(row));
        }
        if (vector instanceof IntVector ints) {
            return (generator, row) -> generator.writeNumber(ints.get(row));
        }
        if (vector instanceof BigIntVector longs) {
            return (generator, row) -> generator.writeNumber(longs.get(row));
        }
        if (vector instanceof Float4Vector reals) {
            return (generator, row) -> generator.writeNumber(reals.get(row));
        }
        if (vector instanceof Float8Vector doubles) {
            return (generator, row) -> generator.writeNumber(doubles.get(row));
        }
        if (vector instanceof DecimalVector decimals) {
            return (generator, row) -> generator.writeString(decimals.getObject(row).toPlainString());
        }
        if (vector instanceof VarCharVector strings) {
            return (generator, row) -> generator.writeString(new String(strings.get(row), StandardCharsets.UTF_8));
        }
        if (vector instanceof VarBinaryVector binary) {
            return (generator, row) -> generator.writeBinary(binary.get(row));
        }
        if (vector instanceof DateDayVector days) {
            return (generator, row) -> generator.writeString(LocalDate.ofEpochDay(days.get(row)).toString());
        }
        if (vector instanceof DateMilliVector millis) {
            return (generator, row) -> generator.writeString(
                    LocalDate.ofEpochDay(Math.floorDiv(millis.get(row), 86_400_000L)).toString());
        }
        if (vector instanceof TimeSecVector || vector instanceof TimeMilliVector || vector instanceof TimeMicroVector
                || vector instanceof TimeNanoVector) {
            ArrowType.Time type = (ArrowType.Time) vector.getField().getType();
            int precision = TrinoTypes.precision(type.getUnit());
            long nanosPerUnit = nanosPerUnit(precision);
            BaseFixedWidthVector times = (BaseFixedWidthVector) vector;
            return (generator, row) -> generator.writeString(
                    time(timeValue(times, row) * nanosPerUnit, precision));
        }
        if (vector instanceof TimeStampVector timestamps) {
            ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
            int precision = TrinoTypes.precision(type.getUnit());
            long unitsPerSecond = 1_000_000_000L / nanosPerUnit(precision);
            String zone = type.getTimezone() == null ? "" : " " + type.getTimezone();
            return (generator, row) -> generator.writeString(
                    timestamp(timestamps.get(row), unitsPerSecond, precision) + zone);
        }
        return (generator, row) -> generator.writeString(String.valueOf(vector.getObject(row)));
    }

    private static long timeValue(BaseFixedWidthVector vector, int row) {
        if (vector instanceof TimeSecVector seconds) {
            return seconds.get(row);
        }
        if (vector instanceof TimeMilliVector millis) {
            return millis.get(row);
        }
        if (vector instanceof TimeMicroVector micros) {
            return micros.get(row);
        }
        return ((TimeNanoVector) vector).get(row);
    }

    private static long nanosPerUnit(int precision) {
        long nanos = 1;
        for (int i = precision; i < 9; i++) {
            nanos *= 10;
        }
        return nanos;
    }

    /** {@code HH:mm:ss[.fraction]} with exactly {@code precision} fractional digits, as Trino renders time(p). */
    static String time(long nanoOfDay, int precision) {
        LocalTime time = LocalTime.ofNanoOfDay(nanoOfDay);
        return TIME.format(time) + fraction(time.getNano(), precision);
    }

    /** {@code uuuu-MM-dd HH:mm:ss[.fraction]} of a value counted in units since the epoch. */
    static String timestamp(long value, long unitsPerSecond, int precision) {
        long seconds = Math.floorDiv(value, unitsPerSecond);
        long nanos = Math.floorMod(value, unitsPerSecond) * (1_000_000_000L / unitsPerSecond);
        LocalDateTime dateTime = LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
        return TIMESTAMP.format(dateTime) + fraction((int) nanos, precision);
    }

    private static String fraction(int nanos, int precision) {
        if (precision == 0) {
            return "";
        }
        String digits = String.format(Locale.ROOT, "%09d", nanos);
        return "." + digits.substring(0, precision);
    }
}
