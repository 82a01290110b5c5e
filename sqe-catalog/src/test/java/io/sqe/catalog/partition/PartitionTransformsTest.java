package io.sqe.catalog.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class PartitionTransformsTest {
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "ts", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(3, "name", Types.StringType.get()),
            Types.NestedField.optional(4, "region", Types.StringType.get()),
            Types.NestedField.optional(5, "d", Types.DateType.get()),
            Types.NestedField.optional(6, "Mixed Case", Types.IntegerType.get()));

    @Test
    void parsesEveryTransform() {
        PartitionSpec spec = PartitionTransforms.toPartitionSpec(SCHEMA,
                List.of("region", "day(ts)", "bucket(id, 16)", "truncate(name, 4)", "month(d)"));

        PartitionSpec expected = PartitionSpec.builderFor(SCHEMA)
                .identity("region")
                .day("ts")
                .bucket("id", 16)
                .truncate("name", 4)
                .month("d")
                .build();
        assertThat(spec.compatibleWith(expected)).isTrue();
        assertThat(PartitionTransforms.toPartitioning(spec))
                .containsExactly("region", "day(ts)", "bucket(id, 16)", "truncate(name, 4)", "month(d)");
    }

    @Test
    void transformNamesAndColumnsAreCaseInsensitive() {
        PartitionSpec spec = PartitionTransforms.toPartitionSpec(SCHEMA,
                List.of("YEAR(TS)", " Bucket ( ID ,8 ) ", "VOID(name)", "\"Mixed Case\""));

        assertThat(PartitionTransforms.toPartitioning(spec))
                .containsExactly("year(ts)", "bucket(id, 8)", "void(name)", "\"Mixed Case\"");
        assertThat(PartitionTransforms.toPartitionSpec(SCHEMA, List.of("hour(ts)")).fields().get(0).name())
                .isEqualTo("ts_hour");
    }

    @Test
    void roundTripsThroughTheTextForm() {
        List<String> partitioning = List.of("hour(ts)", "truncate(region, 2)", "void(d)", "id");
        PartitionSpec spec = PartitionTransforms.toPartitionSpec(SCHEMA, partitioning);
        assertThat(PartitionTransforms.toPartitioning(spec)).isEqualTo(partitioning);
        assertThat(PartitionTransforms.toPartitionSpec(SCHEMA, List.of()).isUnpartitioned()).isTrue();
        assertThat(PartitionTransforms.toPartitioning(PartitionSpec.unpartitioned())).isEmpty();
    }

    @Test
    void rejectsInvalidPartitioning() {
        assertInvalid("missing", "Invalid partitioning 'missing': column 'missing' does not exist in the table");
        assertInvalid("day(nope)", "Invalid partitioning 'day(nope)': column 'nope' does not exist in the table");
        assertInvalid("week(ts)", "Invalid partitioning 'week(ts)': unknown transform 'week'");
        assertInvalid("bucket(id)", "Invalid partitioning 'bucket(id)': the bucket count is missing");
        assertInvalid("bucket(id, 0)", "Invalid partitioning 'bucket(id, 0)': the bucket count must be positive");
        assertInvalid("truncate(name, -1)",
                "Invalid partitioning 'truncate(name, -1)': the truncate width must be positive");
        assertInvalid("day(ts, 3)", "Invalid partitioning 'day(ts, 3)': this transform takes only a column");
        assertInvalid("day(name)", "Invalid partitioning 'day(name)': ");
        assertInvalid("bucket(id, 16", "Invalid partitioning 'bucket(id, 16': expected a column name or a transform");
        assertInvalid("", "Invalid partitioning '': expected a column name or a transform");
    }

    @Test
    void rejectsDuplicatePartitionFields() {
        assertThatThrownBy(() -> PartitionTransforms.toPartitionSpec(SCHEMA, List.of("day(ts)", "day(ts)")))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_TABLE_PROPERTY))
                .hasMessageStartingWith("Invalid partitioning 'day(ts)': ");
    }

    private static void assertInvalid(String partitioning, String message) {
        assertThatThrownBy(() -> PartitionTransforms.toPartitionSpec(SCHEMA, List.of(partitioning)))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_TABLE_PROPERTY))
                .hasMessageStartingWith(message);
    }
}
