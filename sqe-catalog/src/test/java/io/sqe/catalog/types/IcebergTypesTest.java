package io.sqe.catalog.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class IcebergTypesTest {
    /** A type system that keeps microsecond timestamps and 38-digit decimals, as the engine's does. */
    private static final RelDataTypeSystem MICROS = new RelDataTypeSystemImpl() {
        @Override
        public int getMaxPrecision(SqlTypeName typeName) {
            return switch (typeName) {
                case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIME -> 6;
                case DECIMAL -> 38;
                default -> super.getMaxPrecision(typeName);
            };
        }
    };

    private final RelDataTypeFactory typeFactory = new JavaTypeFactoryImpl(MICROS);

    private static final Schema ALL_TYPES = new Schema(
            Types.NestedField.required(1, "b", Types.BooleanType.get()),
            Types.NestedField.optional(2, "i", Types.IntegerType.get()),
            Types.NestedField.optional(3, "l", Types.LongType.get()),
            Types.NestedField.optional(4, "f", Types.FloatType.get()),
            Types.NestedField.optional(5, "d", Types.DoubleType.get()),
            Types.NestedField.optional(6, "dec", Types.DecimalType.of(12, 3)),
            Types.NestedField.optional(7, "s", Types.StringType.get()),
            Types.NestedField.optional(8, "bin", Types.BinaryType.get()),
            Types.NestedField.optional(9, "fx", Types.FixedType.ofLength(16)),
            Types.NestedField.optional(10, "dt", Types.DateType.get()),
            Types.NestedField.optional(11, "tm", Types.TimeType.get()),
            Types.NestedField.optional(12, "ts", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(13, "tstz", Types.TimestampType.withZone()));

    @Test
    void mapsIcebergSchemaToCalciteRowType() {
        RelDataType rowType = IcebergTypes.toRelDataType(ALL_TYPES, typeFactory);

        assertThat(rowType.getFieldList()).extracting(RelDataTypeField::getName)
                .containsExactly("b", "i", "l", "f", "d", "dec", "s", "bin", "fx", "dt", "tm", "ts", "tstz");
        assertThat(rowType.getFieldList()).extracting(field -> field.getType().getSqlTypeName())
                .containsExactly(SqlTypeName.BOOLEAN, SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.REAL,
                        SqlTypeName.DOUBLE, SqlTypeName.DECIMAL, SqlTypeName.VARCHAR, SqlTypeName.VARBINARY,
                        SqlTypeName.VARBINARY, SqlTypeName.DATE, SqlTypeName.TIME, SqlTypeName.TIMESTAMP,
                        SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
        assertThat(rowType.getFieldList()).extracting(field -> field.getType().isNullable())
                .containsExactly(false, true, true, true, true, true, true, true, true, true, true, true, true);
        RelDataType decimal = rowType.getField("dec", true, false).getType();
        assertThat(decimal.getPrecision()).isEqualTo(12);
        assertThat(decimal.getScale()).isEqualTo(3);
        assertThat(rowType.getField("ts", true, false).getType().getPrecision()).isEqualTo(6);
        assertThat(rowType.getField("tstz", true, false).getType().getPrecision()).isEqualTo(6);
        assertThat(rowType.getField("s", true, false).getType().getPrecision())
                .isEqualTo(RelDataType.PRECISION_NOT_SPECIFIED);
    }

    @Test
    void namesTypesTheWayTrinoDoes() {
        assertThat(ALL_TYPES.columns()).extracting(field -> IcebergTypes.sqlTypeName(field.type()))
                .containsExactly("boolean", "integer", "bigint", "real", "double", "decimal(12,3)", "varchar",
                        "varbinary", "varbinary", "date", "time(6)", "timestamp(6)", "timestamp(6) with time zone");
        assertThat(IcebergTypes.sqlTypeName(Types.ListType.ofOptional(20, Types.StringType.get())))
                .isEqualTo("array(varchar)");
    }

    @Test
    void rejectsNestedTypesNamingTheColumn() {
        Schema nested = new Schema(
                Types.NestedField.optional(1, "ok", Types.IntegerType.get()),
                Types.NestedField.optional(2, "tags", Types.ListType.ofOptional(3, Types.StringType.get())));

        assertThatThrownBy(() -> IcebergTypes.toRelDataType(nested, typeFactory))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED))
                .hasMessageContaining("Column 'tags'")
                .hasMessageContaining("array(varchar)");
    }

    @Test
    void mapsCalciteTypesToIcebergTypes() {
        assertIceberg(typeFactory.createSqlType(SqlTypeName.TINYINT), Types.IntegerType.get());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.SMALLINT), Types.IntegerType.get());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.INTEGER), Types.IntegerType.get());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.BIGINT), Types.LongType.get());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.REAL), Types.FloatType.get());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.FLOAT), Types.FloatType.get());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.DOUBLE), Types.DoubleType.get());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.DECIMAL, 38, 4), Types.DecimalType.of(38, 4));
        assertIceberg(typeFactory.createSqlType(SqlTypeName.CHAR, 3), Types.StringType.get());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.VARCHAR, 30), Types.StringType.get());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.BINARY, 4), Types.BinaryType.get());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.VARBINARY), Types.BinaryType.get());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.DATE), Types.DateType.get());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.TIME), Types.TimeType.get());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.TIMESTAMP, 3), Types.TimestampType.withoutZone());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6),
                Types.TimestampType.withZone());
        assertIceberg(typeFactory.createSqlType(SqlTypeName.BOOLEAN), Types.BooleanType.get());
    }

    @Test
    void buildsIcebergSchemaFromRowType() {
        RelDataType rowType = typeFactory.builder()
                .add("id", SqlTypeName.BIGINT)
                .add("name", typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.VARCHAR), true))
                .build();

        Schema schema = IcebergTypes.toIcebergSchema(rowType);

        assertThat(schema.asStruct()).isEqualTo(new Schema(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "name", Types.StringType.get())).asStruct());
        // Iceberg to Calcite and back keeps every supported type except fixed, which becomes binary.
        Schema back = IcebergTypes.toIcebergSchema(IcebergTypes.toRelDataType(ALL_TYPES, typeFactory));
        List<Type> types = back.columns().stream().map(Types.NestedField::type).toList();
        assertThat(types).containsExactly(Types.BooleanType.get(), Types.IntegerType.get(), Types.LongType.get(),
                Types.FloatType.get(), Types.DoubleType.get(), Types.DecimalType.of(12, 3), Types.StringType.get(),
                Types.BinaryType.get(), Types.BinaryType.get(), Types.DateType.get(), Types.TimeType.get(),
                Types.TimestampType.withoutZone(), Types.TimestampType.withZone());
    }

    @Test
    void rejectsNullAndUnsupportedCalciteTypes() {
        assertThatThrownBy(() -> IcebergTypes.toIcebergType("x", typeFactory.createSqlType(SqlTypeName.NULL)))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED))
                .hasMessageContaining("Column 'x'")
                .hasMessageContaining("CAST");
        RelDataType array = typeFactory.createArrayType(typeFactory.createSqlType(SqlTypeName.INTEGER), -1);
        assertThatThrownBy(() -> IcebergTypes.toIcebergType("arr", array))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED))
                .hasMessageStartingWith("Column 'arr' has the type INTEGER NOT NULL ARRAY NOT NULL");
    }

    private static void assertIceberg(RelDataType calcite, Type iceberg) {
        assertThat(IcebergTypes.toIcebergType("c", calcite)).isEqualTo(iceberg);
    }
}
