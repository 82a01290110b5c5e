package io.sqe.coordinator.engine;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/** Converts bound parameter values (plain Java values from a protocol) to Calcite's internal representation. */
final class ParameterValues {
    private ParameterValues() {}

    static List<Object> toInternal(RelDataType parameterRowType, List<Object> values) {
        List<RelDataTypeField> fields = parameterRowType.getFieldList();
        if (values.size() != fields.size()) {
            throw new SqeException(ErrorCode.INVALID_PARAMETER_USAGE, "The statement has " + fields.size()
                    + " parameter(s) but " + values.size() + " value(s) were bound");
        }
        List<Object> internal = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            internal.add(convert(i + 1, fields.get(i).getType(), values.get(i)));
        }
        return internal;
    }

    private static Object convert(int position, RelDataType type, Object value) {
        if (value == null) {
            return null;
        }
        try {
            switch (type.getSqlTypeName()) {
                case BOOLEAN:
                    return value instanceof Boolean ? value : Boolean.parseBoolean(value.toString());
                case TINYINT:
                case SMALLINT:
                case INTEGER:
                    return decimal(value).intValueExact();
                case BIGINT:
                    return decimal(value).longValueExact();
                case DECIMAL:
                    return decimal(value);
                case REAL:
                    return decimal(value).floatValue();
                case FLOAT:
                case DOUBLE:
                    return value instanceof Number ? ((Number) value).doubleValue() : Double.parseDouble(value.toString());
                case CHAR:
                case VARCHAR:
                    return value.toString();
                case BINARY:
                case VARBINARY:
                    return binary(value);
                case DATE:
                    return (int) (value instanceof LocalDate ? (LocalDate) value : LocalDate.parse(value.toString()))
                            .toEpochDay();
                case TIME:
                    LocalTime time = value instanceof LocalTime ? (LocalTime) value : LocalTime.parse(value.toString());
                    return (int) (time.toNanoOfDay() / 1_000_000L);
                case TIMESTAMP:
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                    return epochMillis(value);
                default:
                    return value;
            }
        } catch (RuntimeException e) {
            throw new SqeException(ErrorCode.INVALID_PARAMETER_USAGE, "Parameter " + position + " value '" + value
                    + "' cannot be used as " + type.getSqlTypeName(), e);
        }
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        return new BigDecimal(value.toString());
    }

    private static ByteString binary(Object value) {
        if (value instanceof byte[]) {
            return new ByteString((byte[]) value);
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return new ByteString(bytes);
        }
        throw new IllegalArgumentException("not binary");
    }

    private static long epochMillis(Object value) {
        if (value instanceof Instant) {
            return ((Instant) value).toEpochMilli();
        }
        if (value instanceof OffsetDateTime) {
            return ((OffsetDateTime) value).toInstant().toEpochMilli();
        }
        LocalDateTime local = value instanceof LocalDateTime ? (LocalDateTime) value
                : LocalDateTime.parse(value.toString().replace(' ', 'T'));
        return local.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
