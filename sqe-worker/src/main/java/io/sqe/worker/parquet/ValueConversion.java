package io.sqe.worker.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Optional;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * How one Parquet physical representation becomes the Arrow representation of SQE's type for the column: a plain
 * copy, a widening, a unit change, or a re-encoding (decimals to 16-byte two's complement, UUIDs to text). Used
 * both for PLAIN data pages and for dictionary pages, so dictionary values are converted once per row group.
 */
enum ValueConversion {
    /** Parquet BOOLEAN (bit-packed) to one byte per value, 0 or 1; written to a BitVector. */
    BOOLEAN(1),
    /** INT32 to Arrow Int(32) or Date(DAY). */
    INT32(4),
    /** INT32 to Arrow Int(64): Iceberg's int to long promotion. */
    INT32_TO_INT64(8),
    /** INT32 TIME(MILLIS) to microseconds. */
    INT32_MILLIS_TO_MICROS(8),
    /** INT64 to Arrow Int(64), Time(MICROSECOND) or Timestamp(MICROSECOND). */
    INT64(8),
    /** INT64 milliseconds to microseconds. */
    INT64_MILLIS_TO_MICROS(8),
    /** INT64 nanoseconds to microseconds, truncated toward zero. */
    INT64_NANOS_TO_MICROS(8),
    FLOAT(4),
    /** FLOAT to Arrow double: Iceberg's float to double promotion. */
    FLOAT_TO_DOUBLE(8),
    DOUBLE(8),
    /** Unscaled INT32 to a 128-bit decimal. */
    DECIMAL_INT32(16),
    /** Unscaled INT64 to a 128-bit decimal. */
    DECIMAL_INT64(16),
    /** Big-endian FIXED_LEN_BYTE_ARRAY to a 128-bit little-endian decimal. */
    DECIMAL_FIXED(16),
    /** Big-endian BYTE_ARRAY to a 128-bit little-endian decimal. */
    DECIMAL_BINARY(16),
    /** BYTE_ARRAY to Arrow Utf8 or Binary, bytes unchanged. */
    BINARY(-1),
    /** FIXED_LEN_BYTE_ARRAY to Arrow Binary. */
    FIXED_BINARY(-1),
    /** 16-byte FIXED_LEN_BYTE_ARRAY UUID to its 36-character text, as SQE's Utf8 UUID columns hold it. */
    UUID_TEXT(-1);

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOATS =
            MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLES =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int UUID_TEXT_LENGTH = 36;
    private static final int DECIMAL_BYTES = 16;

    private final int width;

    ValueConversion(int width) {
        this.width = width;
    }

    /**
     * The conversion that reads a Parquet column of {@code parquetType} into SQE's Arrow vector for an Iceberg
     * column of {@code icebergType}, or empty when the decoder does not support the pair (the file is then read by
     * the generic path, which either converts it or reports the mismatch as today).
     */
    static Optional<ValueConversion> forColumn(Type icebergType, PrimitiveType parquetType) {
        LogicalTypeAnnotation annotation = parquetType.getLogicalTypeAnnotation();
        PrimitiveType.PrimitiveTypeName physical = parquetType.getPrimitiveTypeName();
        switch (icebergType.typeId()) {
            case BOOLEAN:
                return when(physical == PrimitiveType.PrimitiveTypeName.BOOLEAN, BOOLEAN);
            case INTEGER:
                return when(physical == PrimitiveType.PrimitiveTypeName.INT32 && isPlainInteger(annotation, 32),
                        INT32);
            case LONG:
                if (physical == PrimitiveType.PrimitiveTypeName.INT32 && isPlainInteger(annotation, 32)) {
                    return Optional.of(INT32_TO_INT64);
                }
                return when(physical == PrimitiveType.PrimitiveTypeName.INT64 && isPlainInteger(annotation, 64),
                        INT64);
            case FLOAT:
                return when(physical == PrimitiveType.PrimitiveTypeName.FLOAT && annotation == null, FLOAT);
            case DOUBLE:
                if (physical == PrimitiveType.PrimitiveTypeName.FLOAT && annotation == null) {
                    return Optional.of(FLOAT_TO_DOUBLE);
                }
                return when(physical == PrimitiveType.PrimitiveTypeName.DOUBLE && annotation == null, DOUBLE);
            case DECIMAL:
                return decimal((Types.DecimalType) icebergType, parquetType);
            case DATE:
                return when(physical == PrimitiveType.PrimitiveTypeName.INT32
                        && annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation, INT32);
            case TIME:
                return time(physical, annotation);
            case TIMESTAMP:
                return timestamp((Types.TimestampType) icebergType, physical, annotation);
            case STRING:
                return when(physical == PrimitiveType.PrimitiveTypeName.BINARY && (annotation == null
                        || annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation), BINARY);
            case BINARY:
                return when(physical == PrimitiveType.PrimitiveTypeName.BINARY && annotation == null, BINARY);
            case FIXED:
                return when(physical == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
                        && parquetType.getTypeLength() == ((Types.FixedType) icebergType).length(), FIXED_BINARY);
            case UUID:
                return when(physical == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
                        && parquetType.getTypeLength() == 16, UUID_TEXT);
            default:
                // Nested and newer Iceberg types; the enum is Iceberg's, so new constants land here too.
                return Optional.empty();
        }
    }

    private static Optional<ValueConversion> when(boolean supported, ValueConversion conversion) {
        return supported ? Optional.of(conversion) : Optional.empty();
    }

    private static boolean isPlainInteger(LogicalTypeAnnotation annotation, int physicalBits) {
        if (annotation == null) {
            return true;
        }
        if (!(annotation instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation)) {
            return false;
        }
        LogicalTypeAnnotation.IntLogicalTypeAnnotation integer =
                (LogicalTypeAnnotation.IntLogicalTypeAnnotation) annotation;
        // An unsigned value of the full physical width does not fit the signed type.
        return integer.isSigned() || integer.getBitWidth() < physicalBits;
    }

    private static Optional<ValueConversion> decimal(Types.DecimalType decimal, PrimitiveType parquetType) {
        if (!(parquetType.getLogicalTypeAnnotation()
                instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation)) {
            return Optional.empty();
        }
        LogicalTypeAnnotation.DecimalLogicalTypeAnnotation annotation =
                (LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) parquetType.getLogicalTypeAnnotation();
        if (annotation.getScale() != decimal.scale() || annotation.getPrecision() > decimal.precision()) {
            return Optional.empty();
        }
        switch (parquetType.getPrimitiveTypeName()) {
            case INT32:
                return Optional.of(DECIMAL_INT32);
            case INT64:
                return Optional.of(DECIMAL_INT64);
            case FIXED_LEN_BYTE_ARRAY:
                return when(parquetType.getTypeLength() <= DECIMAL_BYTES, DECIMAL_FIXED);
            case BINARY:
                return Optional.of(DECIMAL_BINARY);
            default:
                return Optional.empty();
        }
    }

    private static Optional<ValueConversion> time(
            PrimitiveType.PrimitiveTypeName physical, LogicalTypeAnnotation annotation) {
        if (!(annotation instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation)) {
            return Optional.empty();
        }
        LogicalTypeAnnotation.TimeUnit unit = ((LogicalTypeAnnotation.TimeLogicalTypeAnnotation) annotation).getUnit();
        if (physical == PrimitiveType.PrimitiveTypeName.INT32) {
            return when(unit == LogicalTypeAnnotation.TimeUnit.MILLIS, INT32_MILLIS_TO_MICROS);
        }
        if (physical != PrimitiveType.PrimitiveTypeName.INT64) {
            return Optional.empty();
        }
        return unitConversion(unit);
    }

    private static Optional<ValueConversion> timestamp(
            Types.TimestampType timestamp, PrimitiveType.PrimitiveTypeName physical, LogicalTypeAnnotation annotation) {
        if (physical != PrimitiveType.PrimitiveTypeName.INT64
                || !(annotation instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation)) {
            // INT96 timestamps stay with the generic path.
            return Optional.empty();
        }
        LogicalTypeAnnotation.TimestampLogicalTypeAnnotation stamp =
                (LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) annotation;
        if (stamp.isAdjustedToUTC() != timestamp.shouldAdjustToUTC()) {
            return Optional.empty();
        }
        return unitConversion(stamp.getUnit());
    }

    private static Optional<ValueConversion> unitConversion(LogicalTypeAnnotation.TimeUnit unit) {
        switch (unit) {
            case MILLIS:
                return Optional.of(INT64_MILLIS_TO_MICROS);
            case MICROS:
                return Optional.of(INT64);
            case NANOS:
                return Optional.of(INT64_NANOS_TO_MICROS);
            default:
                return Optional.empty();
        }
    }

    /** Bytes per value in Arrow, or -1 for variable-width values. */
    int width() {
        return width;
    }

    boolean isVariableWidth() {
        return width < 0;
    }

    /**
     * Decodes the next {@code count} PLAIN values at {@code cursor} into {@code out}, advancing the cursor.
     *
     * @param typeLength the byte length of FIXED_LEN_BYTE_ARRAY values, unused otherwise
     */
    void decodePlain(PlainCursor cursor, int count, int typeLength, DenseValues out) {
        switch (this) {
            case BOOLEAN:
                decodeBooleans(cursor, count, out);
                return;
            case INT32:
            case FLOAT:
            case INT64:
            case DOUBLE:
                cursor.require((long) count * width);
                out.fixedArray = cursor.data;
                out.fixedOffset = cursor.position;
                cursor.position += count * width;
                return;
            case INT32_TO_INT64:
            case INT32_MILLIS_TO_MICROS:
            case DECIMAL_INT32:
                decodeInts(cursor, count, out);
                return;
            case INT64_MILLIS_TO_MICROS:
            case INT64_NANOS_TO_MICROS:
            case DECIMAL_INT64:
                decodeLongs(cursor, count, out);
                return;
            case FLOAT_TO_DOUBLE:
                decodeFloatsToDoubles(cursor, count, out);
                return;
            case DECIMAL_FIXED:
                decodeFixedDecimals(cursor, count, typeLength, out);
                return;
            case DECIMAL_BINARY:
                decodeBinaryDecimals(cursor, count, out);
                return;
            case BINARY:
                decodeBinary(cursor, count, out);
                return;
            case FIXED_BINARY:
                decodeFixedBinary(cursor, count, typeLength, out);
                return;
            case UUID_TEXT:
                decodeUuids(cursor, count, typeLength, out);
                return;
        }
        throw new IllegalStateException("Unknown conversion " + this);
    }

    private static void decodeBooleans(PlainCursor cursor, int count, DenseValues out) {
        long end = cursor.bitPosition + count;
        if ((end + 7) / 8 > cursor.limit) {
            throw new CorruptPageException("PLAIN booleans end before all values were read");
        }
        byte[] target = out.ownFixed(count);
        byte[] data = cursor.data;
        long bit = cursor.bitPosition;
        for (int i = 0; i < count; i++, bit++) {
            target[i] = (byte) ((data[(int) (bit >>> 3)] >>> (bit & 7)) & 1);
        }
        cursor.bitPosition = bit;
        cursor.position = (int) ((bit + 7) >>> 3);
    }

    private void decodeInts(PlainCursor cursor, int count, DenseValues out) {
        cursor.require((long) count * 4);
        byte[] target = out.ownFixed(count * width);
        byte[] data = cursor.data;
        int position = cursor.position;
        for (int i = 0; i < count; i++, position += 4) {
            long value = (int) INTS.get(data, position);
            if (this == INT32_MILLIS_TO_MICROS) {
                value *= 1000;
            }
            LONGS.set(target, i * width, value);
            if (this == DECIMAL_INT32) {
                LONGS.set(target, i * width + 8, value >> 63);
            }
        }
        cursor.position = position;
    }

    private void decodeLongs(PlainCursor cursor, int count, DenseValues out) {
        cursor.require((long) count * 8);
        byte[] target = out.ownFixed(count * width);
        byte[] data = cursor.data;
        int position = cursor.position;
        for (int i = 0; i < count; i++, position += 8) {
            long value = (long) LONGS.get(data, position);
            if (this == INT64_MILLIS_TO_MICROS) {
                value *= 1000;
            } else if (this == INT64_NANOS_TO_MICROS) {
                // Truncates like the generic path (ChronoUnit.MICROS.between), which the results must match.
                value /= 1000L;
            }
            LONGS.set(target, i * width, value);
            if (this == DECIMAL_INT64) {
                LONGS.set(target, i * width + 8, value >> 63);
            }
        }
        cursor.position = position;
    }

    private static void decodeFloatsToDoubles(PlainCursor cursor, int count, DenseValues out) {
        cursor.require((long) count * 4);
        byte[] target = out.ownFixed(count * 8);
        byte[] data = cursor.data;
        int position = cursor.position;
        for (int i = 0; i < count; i++, position += 4) {
            DOUBLES.set(target, i * 8, (double) (float) FLOATS.get(data, position));
        }
        cursor.position = position;
    }

    private static void decodeFixedDecimals(PlainCursor cursor, int count, int typeLength, DenseValues out) {
        cursor.require((long) count * typeLength);
        byte[] target = out.ownFixed(count * DECIMAL_BYTES);
        for (int i = 0; i < count; i++) {
            bigEndianToDecimal(cursor.data, cursor.position, typeLength, target, i * DECIMAL_BYTES);
            cursor.position += typeLength;
        }
    }

    private static void decodeBinaryDecimals(PlainCursor cursor, int count, DenseValues out) {
        byte[] target = out.ownFixed(count * DECIMAL_BYTES);
        for (int i = 0; i < count; i++) {
            int length = readLength(cursor);
            bigEndianToDecimal(cursor.data, cursor.position, length, target, i * DECIMAL_BYTES);
            cursor.position += length;
        }
    }

    /** Sign-extends a big-endian two's complement integer of up to 16 bytes to 16 little-endian bytes. */
    static void bigEndianToDecimal(byte[] source, int offset, int length, byte[] target, int targetOffset) {
        if (length > DECIMAL_BYTES) {
            throw new CorruptPageException("decimal value of " + length + " bytes does not fit 128 bits");
        }
        byte fill = length > 0 && source[offset] < 0 ? (byte) -1 : 0;
        for (int b = 0; b < DECIMAL_BYTES; b++) {
            target[targetOffset + b] = b < length ? source[offset + length - 1 - b] : fill;
        }
    }

    private static void decodeBinary(PlainCursor cursor, int count, DenseValues out) {
        out.ensureEntries(count);
        out.source = cursor.data;
        for (int i = 0; i < count; i++) {
            int length = readLength(cursor);
            out.starts[i] = cursor.position;
            out.lengths[i] = length;
            cursor.position += length;
        }
    }

    private static void decodeFixedBinary(PlainCursor cursor, int count, int typeLength, DenseValues out) {
        cursor.require((long) count * typeLength);
        out.ensureEntries(count);
        out.source = cursor.data;
        for (int i = 0; i < count; i++) {
            out.starts[i] = cursor.position;
            out.lengths[i] = typeLength;
            cursor.position += typeLength;
        }
    }

    private static void decodeUuids(PlainCursor cursor, int count, int typeLength, DenseValues out) {
        if (typeLength != 16) {
            throw new CorruptPageException("UUID values are " + typeLength + " bytes, expected 16");
        }
        cursor.require((long) count * typeLength);
        out.ensureEntries(count);
        byte[] text = out.ownVariable(count * UUID_TEXT_LENGTH);
        for (int i = 0; i < count; i++) {
            int target = i * UUID_TEXT_LENGTH;
            out.starts[i] = target;
            out.lengths[i] = UUID_TEXT_LENGTH;
            for (int b = 0; b < 16; b++) {
                if (b == 4 || b == 6 || b == 8 || b == 10) {
                    text[target++] = '-';
                }
                int value = cursor.data[cursor.position + b] & 0xFF;
                text[target++] = HEX[value >>> 4];
                text[target++] = HEX[value & 0xF];
            }
            cursor.position += typeLength;
        }
    }

    private static int readLength(PlainCursor cursor) {
        cursor.require(4);
        int length = (int) INTS.get(cursor.data, cursor.position);
        cursor.position += 4;
        cursor.require(length);
        return length;
    }
}
