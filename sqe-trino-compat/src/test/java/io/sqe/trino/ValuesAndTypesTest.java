package io.sqe.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Trino's type names and JSON value forms, parameter literals and request headers. */
class ValuesAndTypesTest {
    private static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("b", ArrowType.Bool.INSTANCE),
            Field.nullable("r", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            Field.nullable("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("dec", new ArrowType.Decimal(10, 2, 128)),
            Field.nullable("s", ArrowType.Utf8.INSTANCE),
            Field.nullable("vb", ArrowType.Binary.INSTANCE),
            Field.nullable("dt", new ArrowType.Date(DateUnit.DAY)),
            Field.nullable("tm", new ArrowType.Time(TimeUnit.MICROSECOND, 64)),
            Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
            Field.nullable("tz", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"))));

    @Test
    void typeNamesAndSignatures() {
        assertThat(TrinoTypes.columns(SCHEMA)).extracting(TrinoColumn::type).containsExactly("boolean", "real",
                "double", "decimal(10,2)", "varchar", "varbinary", "date", "time(6)", "timestamp(6)",
                "timestamp(6) with time zone");
        assertThat(TrinoTypes.column(SCHEMA.getFields().get(4)).arguments()).containsExactly(2147483647L);
        assertThat(TrinoTypes.column(SCHEMA.getFields().get(9)))
                .isEqualTo(new TrinoColumn("tz", "timestamp(6) with time zone", "timestamp with time zone",
                        List.of(6L)));
    }

    @Test
    void valuesInTrinosJsonForms() {
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            root.allocateNew();
            ((BitVector) root.getVector("b")).setSafe(0, 1);
            ((Float4Vector) root.getVector("r")).setSafe(0, Float.NaN);
            ((Float8Vector) root.getVector("d")).setSafe(0, Double.NEGATIVE_INFINITY);
            ((DecimalVector) root.getVector("dec")).setSafe(0, new BigDecimal("-0.50"));
            ((VarCharVector) root.getVector("s")).setSafe(0, "a\"é".getBytes(StandardCharsets.UTF_8));
            ((VarBinaryVector) root.getVector("vb")).setSafe(0, new byte[] {0x0a, (byte) 0xff});
            ((DateDayVector) root.getVector("dt")).setSafe(0, (int) LocalDate.of(1969, 12, 31).toEpochDay());
            ((TimeMicroVector) root.getVector("tm")).setSafe(0, 36_000_000_001L);
            ((TimeStampMicroVector) root.getVector("ts")).setSafe(0, -1L);
            ((TimeStampMicroTZVector) root.getVector("tz")).setSafe(0, 1_704_448_800_123_456L);
            root.setRowCount(2);
            assertThat(RowEncoder.encode(root)).isEqualTo(new RowEncoder.Page("[true,\"NaN\",\"-Infinity\",\"-0.50\","
                    + "\"a\\\"é\",\"Cv8=\",\"1969-12-31\",\"10:00:00.000001\",\"1969-12-31 23:59:59.999999\","
                    + "\"2024-01-05 10:00:00.123456 UTC\"],[null,null,null,null,null,null,null,null,null,null]", 2));
        }
    }

    @Test
    void parameterLiteralsAsTrinoJdbcWritesThem() {
        assertThat(ParameterLiterals.values(List.of("NULL", "CAST(NULL AS varchar)", "true", "42", "12345678901",
                "'it''s'", "X'0aff'", "INTEGER '5'", "BIGINT '6'", "REAL '1.5'", "DOUBLE '2.5'", "DECIMAL '1.50'",
                "DATE '2024-01-05'", "TIME '10:00:00.123'", "TIMESTAMP '2024-01-05 10:00:00.123'",
                "TIMESTAMP '2024-01-05 10:00:00 UTC'", "1.25", "1e3")))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactly(null, null, true, 42, 12345678901L, "it's", new byte[] {0x0a, (byte) 0xff}, 5, 6L,
                        1.5f, 2.5, new BigDecimal("1.50"), LocalDate.of(2024, 1, 5), LocalTime.of(10, 0, 0, 123_000_000),
                        LocalDateTime.of(2024, 1, 5, 10, 0, 0, 123_000_000), Instant.parse("2024-01-05T10:00:00Z"),
                        new BigDecimal("1.25"), 1000.0);
        assertThatThrownBy(() -> ParameterLiterals.values(List.of("1", "now()")))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_USAGE))
                .hasMessageStartingWith("Parameter 2 of EXECUTE ... USING, 'now()', is not a literal");
    }

    @Test
    void requestHeaders() {
        Map<String, List<String>> headers = Map.of(
                "X-Trino-User", List.of("alice"),
                "X-Trino-Schema", List.of("demo"),
                "X-Trino-Time-Zone", List.of("America/Sao_Paulo"),
                "X-Trino-Session", List.of("a=1,b=x%20y", "c=%3D"),
                "X-Trino-Prepared-Statement", List.of("q=SELECT+%3F%2C+1"),
                "X-Trino-Client-Tags", List.of("t1, t2"));
        ClientRequest request = ClientRequest.from(name -> headers.getOrDefault(name, List.of()), "127.0.0.1");
        assertThat(request.user()).isEqualTo("alice");
        assertThat(request.catalog()).isEmpty();
        assertThat(request.schema()).hasValue("demo");
        assertThat(request.timeZone().getId()).isEqualTo("America/Sao_Paulo");
        assertThat(request.sessionProperties()).containsExactlyInAnyOrderEntriesOf(
                Map.of("a", "1", "b", "x y", "c", "="));
        assertThat(request.preparedStatements()).containsExactly(Map.entry("q", "SELECT ?, 1"));
        assertThat(request.clientTags()).containsExactlyInAnyOrder("t1", "t2");
        assertThatThrownBy(() -> ClientRequest.from(name -> List.of(), "127.0.0.1"))
                .hasMessage("the X-Trino-User header is missing: name the user");
        assertThat(Arrays.asList(SessionChanges.addedPrepare("q", "SELECT ?, 1").headers()
                .get("X-Trino-Added-Prepare").toArray())).containsExactly("q=SELECT+%3F%2C+1");
    }
}
