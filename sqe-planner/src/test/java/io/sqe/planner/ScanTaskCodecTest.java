package io.sqe.planner;

import static io.sqe.planner.PlannerTestTables.STORAGE;
import static io.sqe.planner.PlannerTestTables.dataFile;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.aggregation.ScanAggregation;
import io.sqe.planner.aggregation.ScanExpression;
import io.sqe.planner.aggregation.ScanType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionUtil;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScanTaskCodecTest {
    private final PlannerTestTables tables = new PlannerTestTables();

    @AfterEach
    void tearDown() {
        tables.close();
    }

    @Test
    void roundTripKeepsFilesDeletesResidualAndProperties() {
        Table table = tables.create("roundtrip", PlannerTestTables.PARTITIONED);
        String euPath = "region=eu/ts_day=2024-01-01/id_bucket=0";
        String usPath = "region=us/ts_day=2024-01-01/id_bucket=2";
        table.newAppend()
                .appendFile(dataFile(table, euPath, 1, 10, 1000))
                .appendFile(dataFile(table, usPath, 11, 20, 1000))
                .commit();
        table.newRowDelta()
                .addDeletes(PlannerTestTables.positionDeletes(table, euPath))
                .addDeletes(PlannerTestTables.equalityDeletes(table, euPath))
                .commit();
        Expression filter = Expressions.and(
                Expressions.equal("region", "eu"),
                Expressions.and(
                        Expressions.greaterThan("amount", new BigDecimal("12.50")),
                        Expressions.lessThan("day", "2024-03-01")));
        Map<String, String> storage = Map.of(ScanTask.IO_IMPL, STORAGE.get(ScanTask.IO_IMPL), "token", "secret");
        ScanTask original = withNameMapping(new ScanPlanner()
                .plan(table, List.of(4, 1, 2), filter, storage, "query-7", OptionalLong.of(42))
                .tasks().get(0), table);
        FileScanTask originalFile = original.files().get(0);
        assertThat(originalFile.deletes()).hasSize(2);

        byte[] encoded = ScanTaskCodec.encode(original);
        ScanTask decoded = ScanTaskCodec.decode(encoded);

        assertThat(decoded.formatVersion()).isEqualTo(ScanTask.FORMAT_VERSION);
        assertThat(decoded.queryId()).isEqualTo("query-7");
        assertThat(decoded.taskId()).isEqualTo(original.taskId());
        assertThat(decoded.tableName()).isEqualTo(table.name());
        assertThat(decoded.schema().sameSchema(table.schema())).isTrue();
        assertThat(decoded.schema().schemaId()).isEqualTo(table.schema().schemaId());
        assertThat(decoded.projectedFieldIds()).containsExactly(4, 1, 2);
        assertThat(decoded.partitionSpecs()).isEqualTo(table.specs());
        assertThat(decoded.limit()).hasValue(42);
        assertThat(NameMappingParser.toJson(decoded.nameMapping().orElseThrow()))
                .isEqualTo(NameMappingParser.toJson(original.nameMapping().orElseThrow()));
        assertThat(decoded.storageProperties()).isEqualTo(storage);

        assertThat(decoded.files()).hasSize(original.files().size());
        for (int i = 0; i < original.files().size(); i++) {
            assertSameFileTask(decoded.files().get(i), original.files().get(i), table);
        }
        // Re-encoding the decoded task gives the same bytes: nothing was lost, retyped or reordered.
        assertThat(new String(ScanTaskCodec.encode(decoded), UTF_8)).isEqualTo(new String(encoded, UTF_8));
    }

    @Test
    void schemaIsWrittenOncePerTask() {
        Table table = tables.create("compact", PartitionSpec.unpartitioned());
        table.newAppend()
                .appendFile(dataFile(table, "", 1, 10, 100))
                .appendFile(dataFile(table, "", 11, 20, 100))
                .appendFile(dataFile(table, "", 21, 30, 100))
                .commit();
        ScanTask task = new ScanPlanner().plan(table, List.of(1), Expressions.alwaysTrue(), STORAGE, "q")
                .tasks().get(0);
        assertThat(task.files()).hasSize(3);

        String json = new String(ScanTaskCodec.encode(task), UTF_8);

        assertThat(json).startsWith("{\"format-version\":2,");
        assertThat(json.split("\"amount\"", -1)).hasSize(2);
    }

    @Test
    void filesSharingAResidualShareOneDecodedCopy() {
        Table table = tables.create("shared", PartitionSpec.unpartitioned());
        table.newAppend()
                .appendFile(dataFile(table, "", 1, 10, 100))
                .appendFile(dataFile(table, "", 11, 20, 100))
                .commit();
        Expression keys = Expressions.in("id", 3L, 5L, 12L, 19L);
        ScanTask task = new ScanPlanner().plan(table, List.of(1), keys, STORAGE, "q").tasks().get(0);
        assertThat(task.files()).hasSize(2);

        ScanTask decoded = ScanTaskCodec.decode(ScanTaskCodec.encode(task));

        assertThat(decoded.files()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(decoded.files().get(i).file().location()).isEqualTo(task.files().get(i).file().location());
            assertThat(ExpressionUtil.equivalent(decoded.files().get(i).residual(), task.files().get(i).residual(),
                    table.schema().asStruct(), true)).isTrue();
        }
        assertThat(decoded.files().get(0).residual()).isNotEqualTo(Expressions.alwaysTrue());
        assertThat(decoded.files().get(1).residual()).isSameAs(decoded.files().get(0).residual());
    }

    @Test
    void emptyProjectionAndNoLimitRoundTrip() {
        Table table = tables.create("minimal", PartitionSpec.unpartitioned());
        table.newAppend().appendFile(dataFile(table, "", 1, 10, 100)).commit();
        ScanTask task = new ScanPlanner().plan(table, List.of(), Expressions.alwaysTrue(), STORAGE, "q")
                .tasks().get(0);

        ScanTask decoded = ScanTaskCodec.decode(ScanTaskCodec.encode(task));

        assertThat(decoded.projectedFieldIds()).isEmpty();
        assertThat(decoded.limit()).isEmpty();
        assertThat(decoded.nameMapping()).isEmpty();
        assertThat(decoded.files().get(0).residual()).isEqualTo(Expressions.alwaysTrue());
    }

    @Test
    void malformedInputIsRejected() {
        assertInvalid(new byte[0], "Malformed scan task");
        assertInvalid(new byte[] {(byte) 0xff, 0x00, 0x13}, "not valid JSON");
        assertInvalid("[1,2]".getBytes(UTF_8), "not a JSON object");
        assertInvalid("{\"query-id\":\"q\"}".getBytes(UTF_8), "format-version");
        assertInvalid("{\"format-version\":2}".getBytes(UTF_8), "it has no schema");
        assertInvalid(("{\"format-version\":2,\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":[]},"
                + "\"projected-field-ids\":[\"x\"]}").getBytes(UTF_8), "non-integer");
    }

    @Test
    void truncatedTaskIsRejected() {
        Table table = tables.create("truncated", PartitionSpec.unpartitioned());
        table.newAppend().appendFile(dataFile(table, "", 1, 10, 100)).commit();
        byte[] encoded = ScanTaskCodec.encode(new ScanPlanner()
                .plan(table, List.of(1), Expressions.alwaysTrue(), STORAGE, "q").tasks().get(0));

        assertInvalid(java.util.Arrays.copyOf(encoded, encoded.length / 2), "not valid JSON");
    }

    @Test
    void unknownVersionIsRejected() {
        assertInvalid("{\"format-version\":3,\"anything\":true}".getBytes(UTF_8),
                "Unsupported scan task format version 3");
    }

    @Test
    void storageValuesNeverAppearInErrors() {
        String json = "{\"format-version\":2,\"query-id\":\"q\",\"task-id\":0,\"table-name\":\"t\","
                + "\"schema\":{\"type\":\"struct\",\"schema-id\":0,\"fields\":[]},\"projected-field-ids\":[],"
                + "\"partition-specs\":[{\"spec-id\":0,\"fields\":[]}],\"files\":[],"
                + "\"storage-properties\":{\"io-impl\":\"x\",\"secret\":{\"nested\":\"hunter2\"}}}";

        assertThatThrownBy(() -> ScanTaskCodec.decode(json.getBytes(UTF_8)))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("storage property secret is not a string")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void versionOneTasksAreRejected() {
        assertInvalid("{\"format-version\":1}".getBytes(UTF_8), "Unsupported scan task format version 1");
    }

    @Test
    void aggregationRoundTripsExactly() {
        Table table = tables.create("aggregated", PartitionSpec.unpartitioned());
        table.newAppend().appendFile(dataFile(table, "", 1, 10, 100)).commit();
        ScanTask plain = new ScanPlanner().plan(table, List.of(1, 4), Expressions.alwaysTrue(), STORAGE, "q")
                .tasks().get(0);
        ScanType decimal = ScanType.decimal(15, 2);
        ScanExpression price = new ScanExpression.Column(1, decimal);
        ScanExpression charge = new ScanExpression.Call(ScanExpression.Operator.MULTIPLY, List.of(price,
                new ScanExpression.Call(ScanExpression.Operator.SUBTRACT, List.of(
                        new ScanExpression.Literal(Optional.of("1"), ScanType.of(ScanType.Kind.INT)), price),
                        ScanType.decimal(16, 2))), ScanType.decimal(31, 4));
        ScanExpression filter = new ScanExpression.Call(ScanExpression.Operator.AND, List.of(
                new ScanExpression.Call(ScanExpression.Operator.IS_NOT_NULL, List.of(price),
                        ScanType.of(ScanType.Kind.BOOLEAN)),
                new ScanExpression.Call(ScanExpression.Operator.LESS, List.of(new ScanExpression.Column(0,
                        ScanType.of(ScanType.Kind.LONG)), new ScanExpression.Literal(Optional.empty(),
                        ScanType.of(ScanType.Kind.LONG))), ScanType.of(ScanType.Kind.BOOLEAN))),
                ScanType.of(ScanType.Kind.BOOLEAN));
        ScanAggregation aggregation = new ScanAggregation(Optional.of(filter),
                List.of(new ScanExpression.Column(0, ScanType.of(ScanType.Kind.LONG)), charge),
                List.of(0),
                List.of(new ScanAggregation.Aggregate(ScanAggregation.Function.COUNT_STAR, -1,
                                ScanType.of(ScanType.Kind.LONG)),
                        new ScanAggregation.Aggregate(ScanAggregation.Function.SUM, 1, ScanType.decimal(38, 4)),
                        new ScanAggregation.Aggregate(ScanAggregation.Function.MIN, 1, ScanType.decimal(31, 4))));
        ScanTask task = plain.withAggregation(aggregation);

        byte[] encoded = ScanTaskCodec.encode(task);
        ScanTask decoded = ScanTaskCodec.decode(encoded);

        assertThat(decoded.aggregation()).contains(aggregation);
        assertThat(plain.aggregation()).isEmpty();
        assertThat(ScanTaskCodec.decode(ScanTaskCodec.encode(plain)).aggregation()).isEmpty();
        assertThat(new String(encoded, UTF_8)).contains("\"aggregation\":{\"filter\":{\"call\":\"AND\"")
                .contains("{\"function\":\"SUM\",\"argument\":1,\"type\":{\"kind\":\"DECIMAL\",\"precision\":38,"
                        + "\"scale\":4}}");
        assertThat(new String(ScanTaskCodec.encode(decoded), UTF_8)).isEqualTo(new String(encoded, UTF_8));
        assertThat(task.toString()).contains("aggregation=partialAggregate(filter=AND(IS_NOT_NULL($1), LESS($0, null))");
    }

    @Test
    void aggregationOutsideTheProjectionIsRejected() {
        Table table = tables.create("outside", PartitionSpec.unpartitioned());
        table.newAppend().appendFile(dataFile(table, "", 1, 10, 100)).commit();
        ScanTask plain = new ScanPlanner().plan(table, List.of(1), Expressions.alwaysTrue(), STORAGE, "q")
                .tasks().get(0);
        ScanAggregation aggregation = new ScanAggregation(Optional.empty(),
                List.of(new ScanExpression.Column(3, ScanType.of(ScanType.Kind.LONG))), List.of(0), List.of());

        assertThatThrownBy(() -> plain.withAggregation(aggregation))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The aggregation reads column 3 but the task projects only 1 columns");
        String json = new String(ScanTaskCodec.encode(plain), UTF_8);
        String broken = json.substring(0, json.length() - 1) + ",\"aggregation\":{\"projections\":[{\"call\":\"NOT\","
                + "\"operands\":[],\"type\":{\"kind\":\"BOOLEAN\"}}],\"group-keys\":[0],\"aggregates\":[]}}";
        assertInvalid(broken.getBytes(UTF_8), "NOT takes 1 operands, not 0");
    }

    private static void assertInvalid(byte[] bytes, String message) {
        assertThatThrownBy(() -> ScanTaskCodec.decode(bytes))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    private static ScanTask withNameMapping(ScanTask task, Table table) {
        return new ScanTask(task.formatVersion(), task.queryId(), task.taskId(), task.tableName(), task.schema(),
                task.projectedFieldIds(), task.partitionSpecs(), task.files(), task.limit(),
                Optional.of(MappingUtil.create(table.schema())), task.storageProperties());
    }

    private static void assertSameFileTask(FileScanTask decoded, FileScanTask original, Table table) {
        assertSameContent(decoded.file(), original.file(), table);
        assertThat(decoded.start()).isEqualTo(original.start());
        assertThat(decoded.length()).isEqualTo(original.length());
        assertThat(decoded.spec()).isEqualTo(original.spec());
        assertThat(decoded.schema().sameSchema(original.schema())).isTrue();
        assertThat(ExpressionUtil.equivalent(decoded.residual(), original.residual(), table.schema().asStruct(), true))
                .as("residual %s equivalent to %s", decoded.residual(), original.residual())
                .isTrue();
        assertThat(decoded.deletes()).hasSize(original.deletes().size());
        for (int i = 0; i < original.deletes().size(); i++) {
            DeleteFile decodedDelete = decoded.deletes().get(i);
            DeleteFile originalDelete = original.deletes().get(i);
            assertSameContent(decodedDelete, originalDelete, table);
            assertThat(decodedDelete.equalityFieldIds()).isEqualTo(originalDelete.equalityFieldIds());
        }
        assertThat(decoded.deletes()).extracting(DeleteFile::content)
                .containsExactlyInAnyOrder(FileContent.POSITION_DELETES, FileContent.EQUALITY_DELETES);
    }

    private static void assertSameContent(ContentFile<?> decoded, ContentFile<?> original, Table table) {
        assertThat(decoded.location()).isEqualTo(original.location());
        assertThat(decoded.content()).isEqualTo(original.content());
        assertThat(decoded.format()).isEqualTo(original.format());
        assertThat(decoded.specId()).isEqualTo(original.specId());
        assertThat(decoded.recordCount()).isEqualTo(original.recordCount());
        assertThat(decoded.fileSizeInBytes()).isEqualTo(original.fileSizeInBytes());
        assertThat(decoded.splitOffsets()).isEqualTo(original.splitOffsets());
        assertThat(decoded.lowerBounds()).isEqualTo(original.lowerBounds());
        assertThat(decoded.upperBounds()).isEqualTo(original.upperBounds());
        PartitionSpec spec = table.specs().get(original.specId());
        assertThat(spec.partitionToPath(decoded.partition())).isEqualTo(spec.partitionToPath(original.partition()));
    }
}
