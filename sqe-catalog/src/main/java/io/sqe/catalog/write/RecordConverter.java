package io.sqe.catalog.write;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.types.IcebergTypes;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Turns rows in Calcite's internal representation (see {@link io.sqe.catalog.calcite.TableScanner}) into
 * Iceberg generic records: days to {@link LocalDate}, milliseconds of day to {@link LocalTime}, epoch
 * milliseconds to {@link LocalDateTime} (timestamp) or {@link OffsetDateTime} at UTC (timestamptz),
 * {@link ByteString} to {@link ByteBuffer}, decimals rescaled to the column scale with HALF_UP rounding.
 *
 * <p>A NULL in a required column fails with {@link ErrorCode#CONSTRAINT_VIOLATION}; a decimal or integer that
 * does not fit its column fails with {@link ErrorCode#NUMERIC_VALUE_OUT_OF_RANGE}.
 */
final class RecordConverter {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final Schema schema;
    private final List<Types.NestedField> fields;
    private final List<Function<Object, Object>> converters;

    RecordConverter(Schema schema) {
        this.schema = requireNonNull(schema, "schema is null");
        this.fields = List.copyOf(schema.columns());
        this.converters = fields.stream().map(RecordConverter::converter).toList();
    }

    Record toRecord(Object[] row) {
        requireNonNull(row, "row is null");
        if (row.length != fields.size()) {
            throw new SqeException(
                    ErrorCode.INTERNAL_ERROR,
                    "Row has " + row.length + " values but the table has " + fields.size() + " columns");
        }
        GenericRecord record = GenericRecord.create(schema);
        for (int i = 0; i < row.length; i++) {
            Types.NestedField field = fields.get(i);
            Object value = row[i];
            if (value == null) {
                if (field.isRequired()) {
                    throw new SqeException(
                            ErrorCode.CONSTRAINT_VIOLATION,
                            "NULL value not allowed for NOT NULL column: " + field.name());
                }
                record.set(i, null);
            } else {
                record.set(i, converters.get(i).apply(value));
            }
        }
        return record;
    }

    private static Function<Object, Object> converter(Types.NestedField field) {
        String column = field.name();
        Type type = field.type();
        return switch (type.typeId()) {
            case BOOLEAN -> value -> expect(column, type, value, Boolean.class);
            case INTEGER -> value -> toInt(column, type, value);
            case LONG -> value -> integral(column, type, value).longValue();
            case FLOAT -> value -> number(column, type, value).floatValue();
            case DOUBLE -> value -> number(column, type, value).doubleValue();
            case DECIMAL -> value -> toDecimal(column, (Types.DecimalType) type, value);
            case STRING -> value -> {
                if (value instanceof CharSequence) {
                    return value.toString();
                }
                throw mismatch(column, type, value);
            };
            case BINARY -> value -> ByteBuffer.wrap(bytes(column, type, value));
            case FIXED -> value -> toFixed(column, (Types.FixedType) type, value);
            case DATE -> value -> value instanceof LocalDate
                    ? value
                    : LocalDate.ofEpochDay(integral(column, type, value).longValue());
            case TIME -> value -> value instanceof LocalTime ? value : toTime(column, type, value);
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC()
                    ? value -> value instanceof OffsetDateTime
                            ? value
                            : OffsetDateTime.ofInstant(
                                    Instant.ofEpochMilli(integral(column, type, value).longValue()), ZoneOffset.UTC)
                    : value -> value instanceof LocalDateTime
                            ? value
                            : LocalDateTime.ofInstant(
                                    Instant.ofEpochMilli(integral(column, type, value).longValue()), ZoneOffset.UTC);
            case TIMESTAMP_NANO, UUID, GEOMETRY, GEOGRAPHY, VARIANT, UNKNOWN, STRUCT, LIST, MAP ->
                    throw new SqeException(
                            ErrorCode.NOT_SUPPORTED,
                            "Column '" + column + "' has the type " + IcebergTypes.sqlTypeName(type)
                                    + ", which SQE cannot write yet");
        };
    }

    private static Object toInt(String column, Type type, Object value) {
        long longValue = integral(column, type, value).longValue();
        if (longValue < Integer.MIN_VALUE || longValue > Integer.MAX_VALUE) {
            throw outOfRange(column, type, value);
        }
        return (int) longValue;
    }

    private static Object toDecimal(String column, Types.DecimalType type, Object value) {
        BigDecimal decimal;
        if (value instanceof BigDecimal) {
            decimal = (BigDecimal) value;
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            decimal = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger) {
            decimal = new BigDecimal((BigInteger) value);
        } else if (value instanceof Double || value instanceof Float) {
            double doubleValue = ((Number) value).doubleValue();
            if (Double.isNaN(doubleValue) || Double.isInfinite(doubleValue)) {
                throw outOfRange(column, type, value);
            }
            decimal = BigDecimal.valueOf(doubleValue);
        } else {
            throw mismatch(column, type, value);
        }
        BigDecimal scaled = decimal.setScale(type.scale(), RoundingMode.HALF_UP);
        if (scaled.precision() > type.precision()) {
            throw outOfRange(column, type, value);
        }
        return scaled;
    }

    private static Object toFixed(String column, Types.FixedType type, Object value) {
        byte[] bytes = bytes(column, type, value);
        if (bytes.length != type.length()) {
            throw new SqeException(
                    ErrorCode.CONSTRAINT_VIOLATION,
                    "Column '" + column + "' holds exactly " + type.length() + " bytes, but the value has "
                            + bytes.length);
        }
        return bytes;
    }

    private static Object toTime(String column, Type type, Object value) {
        long millis = integral(column, type, value).longValue();
        if (millis < 0 || millis >= MILLIS_PER_DAY) {
            throw outOfRange(column, type, value);
        }
        return LocalTime.ofNanoOfDay(millis * 1_000_000L);
    }

    private static byte[] bytes(String column, Type type, Object value) {
        if (value instanceof ByteString) {
            return ((ByteString) value).getBytes();
        }
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
        throw mismatch(column, type, value);
    }

    private static Number integral(String column, Type type, Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return (Number) value;
        }
        throw mismatch(column, type, value);
    }

    private static Number number(String column, Type type, Object value) {
        if (value instanceof Number) {
            return (Number) value;
        }
        throw mismatch(column, type, value);
    }

    private static <T> T expect(String column, Type type, Object value, Class<T> javaType) {
        if (javaType.isInstance(value)) {
            return javaType.cast(value);
        }
        throw mismatch(column, type, value);
    }

    private static SqeException outOfRange(String column, Type type, Object value) {
        return new SqeException(
                ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
                "Value " + value + " does not fit column '" + column + "' of type " + IcebergTypes.sqlTypeName(type));
    }

    /** The plan is expected to cast every value to its column's type; a wrong Java type is an engine bug. */
    private static SqeException mismatch(String column, Type type, Object value) {
        return new SqeException(
                ErrorCode.INTERNAL_ERROR,
                "Cannot write a value of Java type " + value.getClass().getSimpleName() + " into column '" + column
                        + "' of type " + IcebergTypes.sqlTypeName(type));
    }
}
