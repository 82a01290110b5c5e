package io.sqe.planner.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class ArrowSchemasTest {
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "b", Types.BooleanType.get()),
            Types.NestedField.optional(2, "i", Types.IntegerType.get()),
            Types.NestedField.optional(3, "l", Types.LongType.get()),
            Types.NestedField.optional(4, "f", Types.FloatType.get()),
            Types.NestedField.optional(5, "d", Types.DoubleType.get()),
            Types.NestedField.optional(6, "dec", Types.DecimalType.of(38, 9)),
            Types.NestedField.optional(7, "s", Types.StringType.get()),
            Types.NestedField.optional(8, "bin", Types.BinaryType.get()),
            Types.NestedField.optional(9, "fx", Types.FixedType.ofLength(16)),
            Types.NestedField.optional(10, "u", Types.UUIDType.get()),
            Types.NestedField.optional(11, "dt", Types.DateType.get()),
            Types.NestedField.optional(12, "t", Types.TimeType.get()),
            Types.NestedField.optional(13, "ts", Types.TimestampType.withoutZone()),
            Types.NestedField.required(14, "tstz", Types.TimestampType.withZone()),
            Types.NestedField.optional(15, "st", Types.StructType.of(
                    Types.NestedField.optional(16, "x", Types.IntegerType.get()))),
            Types.NestedField.optional(17, "lst", Types.ListType.ofOptional(18, Types.IntegerType.get())));

    @Test
    void mapsEveryPrimitiveType() {
        List<Field> fields = ArrowSchemas.toArrowSchema(SCHEMA, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14))
                .getFields();

        assertThat(fields).extracting(Field::getType).containsExactly(
                ArrowType.Bool.INSTANCE,
                new ArrowType.Int(32, true),
                new ArrowType.Int(64, true),
                new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
                new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
                new ArrowType.Decimal(38, 9, 128),
                ArrowType.Utf8.INSTANCE,
                ArrowType.Binary.INSTANCE,
                ArrowType.Binary.INSTANCE,
                ArrowType.Utf8.INSTANCE,
                new ArrowType.Date(DateUnit.DAY),
                new ArrowType.Time(TimeUnit.MICROSECOND, 64),
                new ArrowType.Timestamp(TimeUnit.MICROSECOND, null),
                new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
        assertThat(fields).extracting(Field::getName)
                .containsExactly("b", "i", "l", "f", "d", "dec", "s", "bin", "fx", "u", "dt", "t", "ts", "tstz");
        assertThat(fields).extracting(Field::isNullable)
                .containsExactly(false, true, true, true, true, true, true, true, true, true, true, true, true, false);
    }

    @Test
    void followsRequestedOrder() {
        assertThat(ArrowSchemas.toArrowSchema(SCHEMA, List.of(14, 7, 1)).getFields())
                .extracting(Field::getName)
                .containsExactly("tstz", "s", "b");
        assertThat(ArrowSchemas.toArrowSchema(SCHEMA, List.of()).getFields()).isEmpty();
    }

    @Test
    void nestedTypesAreNotSupported() {
        assertThatThrownBy(() -> ArrowSchemas.toArrowSchema(SCHEMA, List.of(1, 15)))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("Column st has type struct")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.NOT_SUPPORTED);
        assertThatThrownBy(() -> ArrowSchemas.toArrowSchema(SCHEMA))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("Column st")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.NOT_SUPPORTED);
        assertThatThrownBy(() -> ArrowSchemas.toArrowSchema(SCHEMA, List.of(17)))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("Column lst has type list")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.NOT_SUPPORTED);
    }

    @Test
    void unknownFieldIdIsReported() {
        assertThatThrownBy(() -> ArrowSchemas.toArrowSchema(SCHEMA, List.of(16)))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("field id 16")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
    }
}
