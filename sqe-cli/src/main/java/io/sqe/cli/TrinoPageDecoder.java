package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns the {@code columns} and {@code data} of Trino query results into Arrow batches, so that the Trino path
 * prints through the same {@link ResultPrinter}s as Flight SQL. Each Trino type becomes the Arrow type SQE's
 * Flight SQL endpoint sends for it (times and timestamps in microseconds, decimals with their scale); a type this
 * class does not know is shown as its JSON text.
 */
final class TrinoPageDecoder {
    private static final LocalDateTime EPOCH = LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC);

    /** How a column's JSON values are read; one constant per Arrow vector the decoder fills. */
    private enum Kind {
        BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, VARCHAR, VARBINARY, DATE, TIME,
        TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE
    }

    private final Schema schema;
    private final List<Kind> kinds;

    private TrinoPageDecoder(Schema schema, List<Kind> kinds) {
        this.schema = schema;
        this.kinds = List.copyOf(kinds);
    }

    /** A decoder for the result described by Trino's {@code columns} array. */
    static TrinoPageDecoder of(JsonNode columns) {
        requireNonNull(columns, "columns is null");
        List<Field> fields = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        for (JsonNode column : columns) {
            String type = column.path("type").asText("varchar").toLowerCase(Locale.ROOT);
            Kind kind = kind(type);
            kinds.add(kind);
            fields.add(Field.nullable(column.path("name").asText(), arrowType(kind, type)));
        }
        return new TrinoPageDecoder(new Schema(fields), kinds);
    }

    Schema schema() {
        return schema;
    }

    /** The rows of one {@code data} array as a batch; the caller closes it. */
    VectorSchemaRoot decode(JsonNode data, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            root.allocateNew();
            List<FieldVector> vectors = root.getFieldVectors();
            int row = 0;
            for (JsonNode values : data) {
                for (int column = 0; column < vectors.size(); column++) {
                    JsonNode value = values.path(column);
                    if (value.isNull() || value.isMissingNode()) {
                        vectors.get(column).setNull(row);
                    } else {
                        set(kinds.get(column), vectors.get(column), row, value);
                    }
                }
                row++;
            }
            root.setRowCount(row);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static Kind kind(String type) {
        String raw = rawType(type);
        switch (raw) {
            case "boolean":
                return Kind.BOOLEAN;
            case "tinyint":
                return Kind.TINYINT;
            case "smallint":
                return Kind.SMALLINT;
            case "integer":
                return Kind.INTEGER;
            case "bigint":
                return Kind.BIGINT;
            case "real":
                return Kind.REAL;
            case "double":
                return Kind.DOUBLE;
            case "decimal":
                return Kind.DECIMAL;
            case "varbinary":
                return Kind.VARBINARY;
            case "date":
                return Kind.DATE;
            case "time":
                return Kind.TIME;
            case "timestamp":
                return type.endsWith("with time zone") ? Kind.TIMESTAMP_WITH_TIME_ZONE : Kind.TIMESTAMP;
            default:
                // varchar, char, and anything newer than this client: shown as text.
                return Kind.VARCHAR;
        }
    }

    /** {@code decimal(10,2)} is {@code decimal}, {@code timestamp(6) with time zone} is {@code timestamp}. */
    private static String rawType(String type) {
        int end = 0;
        while (end < type.length() && (Character.isLetterOrDigit(type.charAt(end)) || type.charAt(end) == '_')) {
            end++;
        }
        return type.substring(0, end);
    }

    private static ArrowType arrowType(Kind kind, String type) {
        return switch (kind) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case TINYINT -> new ArrowType.Int(8, true);
            case SMALLINT -> new ArrowType.Int(16, true);
            case INTEGER -> new ArrowType.Int(32, true);
            case BIGINT -> new ArrowType.Int(64, true);
            case REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL -> decimal(type);
            case VARCHAR -> ArrowType.Utf8.INSTANCE;
            case VARBINARY -> ArrowType.Binary.INSTANCE;
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIME -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case TIMESTAMP_WITH_TIME_ZONE -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
        };
    }

    private static ArrowType decimal(String type) {
        int open = type.indexOf('(');
        int comma = type.indexOf(',');
        int close = type.indexOf(')');
        if (open < 0 || comma < open || close < comma) {
            throw unexpected("decimal type without precision and scale: " + type);
        }
        return new ArrowType.Decimal(Integer.parseInt(type.substring(open + 1, comma).strip()),
                Integer.parseInt(type.substring(comma + 1, close).strip()), 128);
    }

    private static void set(Kind kind, FieldVector vector, int row, JsonNode value) {
        try {
            switch (kind) {
                case BOOLEAN -> ((BitVector) vector).setSafe(row, value.asBoolean() ? 1 : 0);
                case TINYINT -> ((TinyIntVector) vector).setSafe(row, (byte) value.asInt());
                case SMALLINT -> ((SmallIntVector) vector).setSafe(row, (short) value.asInt());
                case INTEGER -> ((IntVector) vector).setSafe(row, value.asInt());
                case BIGINT -> ((BigIntVector) vector).setSafe(row, value.asLong());
                // Trino sends NaN and the infinities as strings, which parseFloat and parseDouble read.
                case REAL -> ((Float4Vector) vector).setSafe(row, Float.parseFloat(value.asText()));
                case DOUBLE -> ((Float8Vector) vector).setSafe(row, Double.parseDouble(value.asText()));
                case DECIMAL -> setDecimal((DecimalVector) vector, row, value.asText());
                case VARCHAR -> ((VarCharVector) vector).setSafe(row, text(value).getBytes(StandardCharsets.UTF_8));
                case VARBINARY -> ((VarBinaryVector) vector).setSafe(row, Base64.getDecoder().decode(value.asText()));
                case DATE -> ((DateDayVector) vector).setSafe(row, Math.toIntExact(
                        LocalDate.parse(value.asText()).toEpochDay()));
                case TIME -> ((TimeMicroVector) vector).setSafe(row,
                        LocalTime.parse(value.asText()).toNanoOfDay() / 1_000L);
                case TIMESTAMP -> ((TimeStampMicroVector) vector).setSafe(row, micros(localDateTime(value.asText())));
                case TIMESTAMP_WITH_TIME_ZONE -> ((TimeStampMicroTZVector) vector).setSafe(row,
                        microsWithZone(value.asText()));
            }
        } catch (DateTimeException | IllegalArgumentException | ArithmeticException e) {
            throw unexpected("cannot read " + kind.name().toLowerCase(Locale.ROOT) + " value " + value);
        }
    }

    private static void setDecimal(DecimalVector vector, int row, String text) {
        vector.setSafe(row, new BigDecimal(text).setScale(vector.getScale()));
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static LocalDateTime localDateTime(String text) {
        return LocalDateTime.parse(text.strip().replace(' ', 'T'));
    }

    private static long micros(LocalDateTime dateTime) {
        return ChronoUnit.MICROS.between(EPOCH, dateTime);
    }

    /** {@code 2024-01-05 10:00:00.000000 UTC}: the zone follows the last space. */
    private static long microsWithZone(String text) {
        int space = text.lastIndexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("no time zone in " + text);
        }
        LocalDateTime local = localDateTime(text.substring(0, space));
        ZoneId zone = ZoneId.of(text.substring(space + 1));
        return micros(LocalDateTime.ofInstant(local.atZone(zone).toInstant(), ZoneOffset.UTC));
    }

    private static SqeException unexpected(String message) {
        return new SqeException(ErrorCode.INTERNAL_ERROR, "unexpected Trino result from the server: " + message);
    }
}
