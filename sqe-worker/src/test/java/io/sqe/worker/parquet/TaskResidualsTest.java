package io.sqe.worker.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqe.planner.ScanTask;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class TaskResidualsTest {
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "category", Types.StringType.get()),
            Types.NestedField.optional(3, "price", Types.DoubleType.get()));
    private static final ScanTask TASK = new ScanTask(ScanTask.FORMAT_VERSION, "query", 0, "t", SCHEMA, List.of(3),
            Map.of(0, PartitionSpec.unpartitioned()), List.of(), OptionalLong.empty(), Optional.empty(),
            Map.of(ScanTask.IO_IMPL, "org.apache.iceberg.hadoop.HadoopFileIO"));

    @Test
    void filesSharingAResidualInstanceShareItsPreparation() {
        TaskResiduals residuals = new TaskResiduals(TASK);
        Expression joinKeys = Expressions.in("id", LongStream.range(0, 100).boxed().toArray());
        Expression equalButOther = Expressions.in("id", LongStream.range(0, 100).boxed().toArray());

        TaskResiduals.Prepared prepared = residuals.of(joinKeys);

        assertThat(residuals.of(joinKeys)).isSameAs(prepared);
        assertThat(residuals.of(equalButOther)).isNotSameAs(prepared);
        // The decoded schema: the projected column and the one the residual reads, in the table schema's order.
        assertThat(prepared.requested.columns()).extracting(Types.NestedField::fieldId).containsExactly(1, 3);
        assertThat(prepared.residualIds).containsExactly(1);
        // 100 keys: checked against row-group statistics and bloom filters, not dictionaries.
        assertThat(prepared.statistics).isNotNull();
        assertThat(prepared.blooms).isNotNull();
        assertThat(prepared.dictionaries).isNull();
        assertThat(prepared.filter).isNotNull();
    }

    @Test
    void noResidualPreparesNothing() {
        TaskResiduals.Prepared prepared = new TaskResiduals(TASK).of(null);

        assertThat(prepared.requested.columns()).extracting(Types.NestedField::fieldId).containsExactly(3);
        assertThat(prepared.residualIds).isEmpty();
        assertThat(prepared.statistics).isNull();
        assertThat(prepared.dictionaries).isNull();
        assertThat(prepared.blooms).isNull();
        assertThat(prepared.filter).isNull();
    }
}
