package io.sqe.worker.columnar;

import static java.util.Objects.requireNonNull;

import io.sqe.core.engine.BatchSource;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.ScanTask;
import io.sqe.planner.aggregation.ScanAggregation;
import io.sqe.planner.aggregation.ScanExpression;
import io.sqe.planner.aggregation.ScanType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A decorator over a scan's batches that computes the task's pushed {@link ScanAggregation}: the first
 * {@link #next()} consumes every input batch (filter to a selection vector, evaluate the projections, find each row's
 * group, update the accumulators), then the groups are emitted, up to a batch of rows per call. The output columns
 * are the group keys, then the aggregates. Not thread-safe, except {@link #cancel()}, which the consuming loop
 * notices between input batches (and the emitting one between output batches), whatever the input does with it.
 */
public final class AggregatingBatches implements BatchSource {
    private final BatchSource input;
    private final ScanAggregation aggregation;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final int batchSize;
    private final ScanType[] keyTypes;
    private final GroupTable groups;
    private final Accumulator[] accumulators;
    private final ExpressionEvaluator evaluator = new ExpressionEvaluator();
    private final String cancelMessage;
    private volatile boolean cancelled;
    private boolean consumed;
    private long inputRows;
    private int emitted;
    private boolean closed;
    /** Per-batch scratch, grown as needed: the selected rows, and the group of each. */
    private int[] selectedRows = new int[0];
    private int[] groupOfRow = new int[0];

    /**
     * @param input the scan's batches, whose columns the aggregation's expressions read; closed with this source
     * @param task the task whose aggregation to compute
     */
    public AggregatingBatches(BatchSource input, ScanTask task, BufferAllocator parent, int batchSize) {
        this(input, requireNonNull(task, "task is null").aggregation().orElseThrow(
                () -> new IllegalArgumentException("task " + task.taskId() + " has no aggregation")),
                "aggregate-" + task.queryId() + "-" + task.taskId(), parent, batchSize,
                "Query " + task.queryId() + " was cancelled while aggregating table " + task.tableName());
    }

    AggregatingBatches(BatchSource input, ScanAggregation aggregation, String allocatorName, BufferAllocator parent,
            int batchSize, String cancelMessage) {
        this.input = requireNonNull(input, "input is null");
        this.cancelMessage = requireNonNull(cancelMessage, "cancelMessage is null");
        this.aggregation = requireNonNull(aggregation, "aggregation is null");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.batchSize = batchSize;
        List<ScanExpression> projections = aggregation.projections();
        keyTypes = new ScanType[aggregation.groupKeys().size()];
        List<Field> fields = new ArrayList<>();
        for (int k = 0; k < keyTypes.length; k++) {
            keyTypes[k] = projections.get(aggregation.groupKeys().get(k)).type();
            fields.add(OutputColumn.field("key" + k, keyTypes[k]));
        }
        accumulators = new Accumulator[aggregation.aggregates().size()];
        for (int a = 0; a < accumulators.length; a++) {
            ScanAggregation.Aggregate aggregate = aggregation.aggregates().get(a);
            ScanType argumentType = aggregate.argument() < 0 ? null : projections.get(aggregate.argument()).type();
            accumulators[a] = new Accumulator(aggregate, argumentType);
            fields.add(OutputColumn.field("aggregate" + a, aggregate.resultType()));
        }
        groups = new GroupTable(keyTypes);
        this.allocator = parent.newChildAllocator(allocatorName, 0, parent.getLimit());
        try {
            this.root = VectorSchemaRoot.create(new Schema(fields), allocator);
        } catch (RuntimeException e) {
            allocator.close();
            throw e;
        }
    }

    @Override
    public VectorSchemaRoot root() {
        return root;
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new IllegalStateException("The aggregation is closed");
        }
        checkCancelled();
        if (!consumed) {
            while (input.next()) {
                accumulate(input.root());
                checkCancelled();
            }
            consumed = true;
        }
        root.allocateNew();
        int rows = Math.min(batchSize, groups.groupCount() - emitted);
        List<OutputColumn> outputs = new ArrayList<>();
        for (int c = 0; c < root.getFieldVectors().size(); c++) {
            ScanType type = c < keyTypes.length ? keyTypes[c]
                    : aggregation.aggregates().get(c - keyTypes.length).resultType();
            outputs.add(new OutputColumn(type, root.getVector(c)));
        }
        for (int row = 0; row < rows; row++) {
            int group = emitted + row;
            for (int k = 0; k < keyTypes.length; k++) {
                writeKey(outputs.get(k), k, group, row);
            }
            for (int a = 0; a < accumulators.length; a++) {
                accumulators[a].write(outputs.get(keyTypes.length + a), group, row);
            }
        }
        root.setRowCount(rows);
        emitted += rows;
        return rows > 0;
    }

    private void checkCancelled() {
        if (cancelled) {
            throw new SqeException(ErrorCode.USER_CANCELED, cancelMessage);
        }
    }

    private void writeKey(OutputColumn output, int key, int group, int row) {
        if (groups.isNull(group, key)) {
            output.writeNull(row);
        } else if (keyTypes[key].kind() == ScanType.Kind.STRING) {
            output.writeBytes(row, groups.string(group, key));
        } else {
            output.writeLong(row, groups.code(group, key));
        }
    }

    private void accumulate(VectorSchemaRoot batch) {
        int count = batch.getRowCount();
        inputRows += count;
        if (selectedRows.length < count) {
            selectedRows = new int[count];
            groupOfRow = new int[count];
        }
        int[] rows = selectedRows;
        for (int i = 0; i < count; i++) {
            rows[i] = i;
        }
        if (aggregation.filter().isPresent()) {
            count = evaluator.select(aggregation.filter().get(), batch, rows, count, rows);
        }
        if (count == 0) {
            return;
        }
        List<ScanExpression> projections = aggregation.projections();
        ColumnValues[] values = new ColumnValues[projections.size()];
        Map<ScanExpression, ColumnValues> computed = new HashMap<>();
        for (int p = 0; p < values.length; p++) {
            // Only the projections in use are computed.
            if (aggregation.groupKeys().contains(p) || isArgument(p)) {
                values[p] = evaluator.evaluate(projections.get(p), batch, rows, count, computed);
            }
        }
        if (keyTypes.length == 0) {
            if (groups.groupCount() == 0) {
                groups.findGroups(new ColumnValues[0], 1, groupOfRow);
            }
        } else {
            ColumnValues[] keys = new ColumnValues[keyTypes.length];
            for (int k = 0; k < keys.length; k++) {
                keys[k] = values[aggregation.groupKeys().get(k)];
            }
            groups.findGroups(keys, count, groupOfRow);
        }
        for (int a = 0; a < accumulators.length; a++) {
            int argument = aggregation.aggregates().get(a).argument();
            accumulators[a].add(groupOfRow, argument < 0 ? null : values[argument], count, groups.groupCount());
        }
    }

    private boolean isArgument(int projection) {
        for (ScanAggregation.Aggregate aggregate : aggregation.aggregates()) {
            if (aggregate.argument() == projection) {
                return true;
            }
        }
        return false;
    }

    /** Rows read from the scan so far, before the filter. */
    public long inputRows() {
        return inputRows;
    }

    /** Stops the aggregation: the next input batch is not read, and the pending or next {@link #next()} fails. */
    @Override
    public void cancel() {
        cancelled = true;
        input.cancel();
    }

    /** Releases the output vectors, then this source's allocator, then the input scan. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            root.close();
            allocator.close();
        } finally {
            input.close();
        }
    }
}
