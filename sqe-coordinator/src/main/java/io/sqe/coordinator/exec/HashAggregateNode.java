package io.sqe.coordinator.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Hash aggregation: group keys (nulls form one group), then one column per aggregate call. Without group keys the
 * result is exactly one row, even for an empty input. Above a scan with a pushed partial aggregation this is the
 * final step, combining the workers' partial groups.
 */
final class HashAggregateNode extends PlanNode {
    private final int[] groupKeys;
    private final List<AggregateCall> calls;

    HashAggregateNode(RelDataType rowType, PlanNode input, int[] groupKeys, List<AggregateCall> calls) {
        super(rowType, List.of(input));
        this.groupKeys = groupKeys.clone();
        this.calls = List.copyOf(calls);
        for (AggregateCall call : calls) {
            Accumulators.create(call, input.rowType());
        }
    }

    /** A filter on a group key removes whole groups, so it applies below the aggregation. */
    @Override
    Optional<JoinFilter.Target> joinFilterTarget(int column) {
        return column < groupKeys.length ? inputs().get(0).joinFilterTarget(groupKeys[column]) : Optional.empty();
    }

    @Override
    String describe() {
        return "HashAggregate[keys=" + Arrays.toString(groupKeys) + ", aggregates=" + calls + "]";
    }

    @Override
    Operator open(ExecutionContext context) {
        Operator input = openInput(0, context);
        MemoryReservation memory = context.newReservation();
        return new Operator() {
            private SlicedBatch result;

            @Override
            public Batch next() {
                if (result == null) {
                    result = new SlicedBatch(aggregate(input, memory), context.batchRows());
                    input.close();
                }
                return result.next();
            }

            @Override
            public void close() {
                try {
                    input.close();
                } finally {
                    memory.close();
                }
            }
        };
    }

    private Batch aggregate(Operator input, MemoryReservation memory) {
        RelDataType inputType = inputs().get(0).rowType();
        List<Accumulators.Accumulator> accumulators = new ArrayList<>();
        for (AggregateCall call : calls) {
            accumulators.add(Accumulators.create(call, inputType));
        }
        HashIndex index = new HashIndex(1024);
        List<Column[]> chunks = new ArrayList<>();
        int[] chunkOf = new int[1024];
        int[] rowOf = new int[1024];
        int groups = groupKeys.length == 0 ? 1 : 0;
        long keyBytes = 0;
        for (Batch batch = input.next(); batch != null; batch = input.next()) {
            if (batch.size == 0) {
                continue;
            }
            int[] groupOfRow = new int[batch.size];
            if (groupKeys.length > 0) {
                Column[] keys = Batches.columns(batch, groupKeys);
                long[] hashes = Keys.hash(keys, batch.size);
                int current = chunks.size();
                int[] newRows = new int[batch.size];
                int newCount = 0;
                for (int i = 0; i < batch.size; i++) {
                    long hash = hashes[i];
                    int group = index.first(hash);
                    while (group >= 0 && !(index.hashOf(group) == hash
                            && Keys.equal(chunkOf[group] == current ? keys : chunks.get(chunkOf[group]), rowOf[group],
                                    keys, i))) {
                        group = index.next(group);
                    }
                    if (group < 0) {
                        group = groups++;
                        index.add(hash);
                        if (group == chunkOf.length) {
                            chunkOf = Arrays.copyOf(chunkOf, group * 2);
                            rowOf = Arrays.copyOf(rowOf, group * 2);
                        }
                        chunkOf[group] = current;
                        rowOf[group] = i;
                        newRows[newCount++] = i;
                    }
                    groupOfRow[i] = group;
                }
                if (newCount > 0) {
                    Column[] chunk = new Column[keys.length];
                    for (int k = 0; k < keys.length; k++) {
                        chunk[k] = keys[k].gather(newRows, newCount);
                        keyBytes += chunk[k].retainedBytes();
                    }
                    chunks.add(chunk);
                    for (int g = groups - newCount, position = 0; g < groups; g++, position++) {
                        rowOf[g] = position;
                    }
                }
            }
            long stateBytes = keyBytes + index.retainedBytes() + 8L * chunkOf.length;
            for (Accumulators.Accumulator accumulator : accumulators) {
                accumulator.add(batch, groupOfRow, groups);
                stateBytes += accumulator.retainedBytes();
            }
            memory.ensure(stateBytes);
        }
        Column[] columns = new Column[groupKeys.length + calls.size()];
        List<org.apache.calcite.rel.type.RelDataTypeField> fields = rowType().getFieldList();
        for (int k = 0; k < groupKeys.length; k++) {
            List<Column> parts = new ArrayList<>();
            for (Column[] chunk : chunks) {
                parts.add(chunk[k]);
            }
            RelDataType type = fields.get(k).getType();
            columns[k] = Column.concat(ValueKind.required(type), parts, Math.max(0, type.getScale()));
        }
        for (int a = 0; a < calls.size(); a++) {
            columns[groupKeys.length + a] = accumulators.get(a).result(groups);
        }
        return new Batch(groups, columns);
    }
}
