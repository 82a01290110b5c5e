package io.sqe.coordinator.exec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * Window functions: the input's columns, then one per window call. The input is read whole; each window group
 * sorts it by its partition and order keys. ROW_NUMBER, RANK and DENSE_RANK; COUNT, SUM, MIN and MAX over the
 * whole partition; and COUNT, SUM, MIN and MAX of numbers, dates and timestamps over a running frame (from the
 * partition's first row to the current row, or to its last peer for RANGE). Other frames stay on Calcite's operators.
 */
final class WindowNode extends PlanNode {
    /** One window call, compiled: its group's keys and frame, and how to aggregate. */
    private record Call(SqlKind function, int[] partitionKeys, List<RelFieldCollation> orderKeys,
            AggregateCall aggregate, RelDataType type, Frame frame) {
    }

    /** Which rows of its partition an aggregate call covers for a row. */
    private enum Frame {
        WHOLE_PARTITION,
        /** From the partition's first row to the current row. */
        ROWS_TO_CURRENT,
        /** From the partition's first row to the current row's last peer. */
        RANGE_TO_CURRENT
    }

    /** The aggregates a running frame computes, and the kinds of their results. */
    private static final Set<SqlKind> RUNNING = EnumSet.of(SqlKind.COUNT, SqlKind.SUM, SqlKind.SUM0, SqlKind.MIN,
            SqlKind.MAX);
    private static final Set<ValueKind> RUNNING_KINDS = EnumSet.of(ValueKind.LONG, ValueKind.DOUBLE,
            ValueKind.DECIMAL, ValueKind.DATE, ValueKind.TIMESTAMP);

    private final List<Call> calls = new ArrayList<>();
    private final String description;

    WindowNode(RelDataType rowType, PlanNode input, Window window) {
        super(rowType, List.of(input));
        RelDataType inputType = input.rowType();
        int inputCount = inputType.getFieldCount();
        int output = inputCount;
        for (Window.Group group : window.groups) {
            if (group.exclude != org.apache.calcite.rex.RexWindowExclusion.EXCLUDE_NO_OTHER) {
                throw new Unsupported("window frame exclusions");
            }
            List<RelFieldCollation> orderKeys = group.orderKeys.getFieldCollations();
            for (Window.RexWinAggCall call : group.aggCalls) {
                SqlKind function = call.getOperator().getKind();
                ValueKind.required(call.getType());
                List<Integer> arguments = new ArrayList<>();
                for (RexNode operand : call.getOperands()) {
                    if (!(operand instanceof RexInputRef) || ((RexInputRef) operand).getIndex() >= inputCount) {
                        throw new Unsupported("window call " + call);
                    }
                    arguments.add(((RexInputRef) operand).getIndex());
                }
                AggregateCall aggregate = null;
                Frame frame = Frame.WHOLE_PARTITION;
                if (function != SqlKind.ROW_NUMBER && function != SqlKind.RANK && function != SqlKind.DENSE_RANK) {
                    if (call.distinct || !group.lowerBound.isUnbounded() || !group.lowerBound.isPreceding()) {
                        throw new Unsupported("window frame of " + call);
                    }
                    boolean wholePartition = group.upperBound.isUnbounded() && group.upperBound.isFollowing()
                            || group.upperBound.isCurrentRow() && !group.isRows && orderKeys.isEmpty();
                    if (!wholePartition) {
                        if (!group.upperBound.isCurrentRow() || !RUNNING.contains(function)
                                || !RUNNING_KINDS.contains(ValueKind.required(call.getType()))) {
                            throw new Unsupported("window frame of " + call);
                        }
                        frame = group.isRows ? Frame.ROWS_TO_CURRENT : Frame.RANGE_TO_CURRENT;
                    }
                    aggregate = AggregateCall.create((org.apache.calcite.sql.SqlAggFunction) call.getOperator(), false,
                            false, call.ignoreNulls, List.of(), arguments, -1, null, RelCollations.EMPTY,
                            call.getType(), "w" + output);
                    Accumulators.create(aggregate, inputType);
                }
                calls.add(new Call(function, group.keys.toArray(), orderKeys, aggregate, call.getType(), frame));
                output++;
            }
        }
        this.description = "Window[" + window.groups + "]";
    }

    @Override
    String describe() {
        return description;
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
                    Batch rows = Batches.readAll(input, inputs().get(0).rowType(), memory);
                    input.close();
                    Column[] columns = new Column[rows.width() + calls.size()];
                    System.arraycopy(rows.columns, 0, columns, 0, rows.width());
                    for (int c = 0; c < calls.size(); c++) {
                        columns[rows.width() + c] = compute(calls.get(c), rows);
                    }
                    Batch all = new Batch(rows.size, columns);
                    memory.ensure(2 * all.retainedBytes());
                    result = new SlicedBatch(all, context.batchRows());
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

    /** The call's value for every row of {@code rows}, in their order. */
    private Column compute(Call call, Batch rows) {
        int size = rows.size;
        List<RelFieldCollation> sortKeys = new ArrayList<>();
        for (int key : call.partitionKeys()) {
            sortKeys.add(new RelFieldCollation(key));
        }
        sortKeys.addAll(call.orderKeys());
        int[] order = Sorting.order(rows, sortKeys, inputs().get(0).rowType());
        Column[] partition = Batches.columns(rows, call.partitionKeys());
        int[] orderIndexes = new int[call.orderKeys().size()];
        for (int i = 0; i < orderIndexes.length; i++) {
            orderIndexes[i] = call.orderKeys().get(i).getFieldIndex();
        }
        Column[] peers = Batches.columns(rows, orderIndexes);
        if (call.aggregate() == null) {
            long[] values = new long[size];
            long number = 0;
            long rank = 0;
            long dense = 0;
            for (int i = 0; i < size; i++) {
                int row = order[i];
                boolean newPartition = i == 0 || !Keys.equal(partition, order[i - 1], partition, row);
                boolean newPeer = newPartition || !Keys.equal(peers, order[i - 1], peers, row);
                number = newPartition ? 1 : number + 1;
                if (newPeer) {
                    rank = number;
                    dense = newPartition ? 1 : dense + 1;
                }
                values[row] = call.function() == SqlKind.ROW_NUMBER ? number : call.function() == SqlKind.RANK ? rank
                        : dense;
            }
            return Column.ofLongs(ValueKind.LONG, values, null, size);
        }
        return call.frame() == Frame.WHOLE_PARTITION ? aggregate(call, rows, order, partition)
                : running(call, rows, order, partition, peers);
    }

    /** An aggregate over the whole partition: one group per partition, whose value every row of it gets. */
    private Column aggregate(Call call, Batch rows, int[] order, Column[] partition) {
        int size = rows.size;
        int[] groupOfRow = new int[size];
        int groups = 0;
        for (int i = 0; i < size; i++) {
            if (i == 0 || !Keys.equal(partition, order[i - 1], partition, order[i])) {
                groups++;
            }
            groupOfRow[order[i]] = groups - 1;
        }
        Accumulators.Accumulator accumulator = Accumulators.create(call.aggregate(), inputs().get(0).rowType());
        accumulator.add(rows, groupOfRow, Math.max(groups, 1));
        return accumulator.result(Math.max(groups, 1)).gather(groupOfRow, size);
    }

    /**
     * An aggregate over a running frame. The rows, in the window's order, fall into segments (each row for ROWS, each
     * run of peers for RANGE); the accumulator aggregates each segment, and each segment then gets the combination of
     * its partition's segments up to it.
     */
    private Column running(Call call, Batch rows, int[] order, Column[] partition, Column[] peers) {
        int size = rows.size;
        int[] segmentOfRow = new int[size];
        boolean[] startsPartition = new boolean[size];
        int segments = 0;
        for (int i = 0; i < size; i++) {
            boolean newPartition = i == 0 || !Keys.equal(partition, order[i - 1], partition, order[i]);
            if (newPartition || call.frame() == Frame.ROWS_TO_CURRENT
                    || !Keys.equal(peers, order[i - 1], peers, order[i])) {
                startsPartition[segments] = newPartition;
                segments++;
            }
            segmentOfRow[order[i]] = segments - 1;
        }
        Accumulators.Accumulator accumulator = Accumulators.create(call.aggregate(), inputs().get(0).rowType());
        accumulator.add(rows, segmentOfRow, Math.max(segments, 1));
        Column perSegment = accumulator.result(Math.max(segments, 1));
        return prefix(call, perSegment, startsPartition, segments).gather(segmentOfRow, size);
    }

    /**
     * Each of the first {@code count} values combined with the non-null values before it, back to the last start of a
     * partition: sums for COUNT and SUM (null until a value is seen), least or greatest values for MIN and MAX.
     */
    private static Column prefix(Call call, Column values, boolean[] startsPartition, int count) {
        boolean sum = call.function() != SqlKind.MIN && call.function() != SqlKind.MAX;
        boolean min = call.function() == SqlKind.MIN;
        boolean[] nulls = new boolean[count];
        if (values.doubles != null) {
            double[] result = new double[count];
            double current = 0;
            boolean seen = false;
            for (int i = 0; i < count; i++) {
                if (startsPartition[i]) {
                    seen = false;
                }
                if (!values.isNull(i)) {
                    double value = values.doubles[i];
                    current = !seen ? value : sum ? current + value : min ? Math.min(current, value)
                            : Math.max(current, value);
                    seen = true;
                }
                result[i] = current;
                nulls[i] = !seen;
            }
            return Column.ofDoubles(result, nulls, count);
        }
        if (values.longs != null) {
            long[] result = new long[count];
            long current = 0;
            boolean seen = false;
            for (int i = 0; i < count; i++) {
                if (startsPartition[i]) {
                    seen = false;
                }
                if (!values.isNull(i)) {
                    long value = values.longs[i];
                    if (!seen) {
                        current = value;
                    } else if (!sum) {
                        current = min ? Math.min(current, value) : Math.max(current, value);
                    } else {
                        long next = current + value;
                        if (((current ^ next) & (value ^ next)) < 0) {
                            if (values.kind != ValueKind.DECIMAL) {
                                throw Casts.outOfRange(call.type());
                            }
                            return prefix(call, values.widened(call.type().getScale()), startsPartition, count);
                        }
                        current = next;
                    }
                    seen = true;
                }
                result[i] = current;
                nulls[i] = !seen;
            }
            return Casts.checkRange(Column.ofLongs(values.kind, result, nulls, count), call.type());
        }
        BigDecimal[] result = new BigDecimal[count];
        BigDecimal current = null;
        for (int i = 0; i < count; i++) {
            if (startsPartition[i]) {
                current = null;
            }
            BigDecimal value = values.decimals[i];
            if (value != null && !values.isNull(i)) {
                current = current == null ? value : sum ? current.add(value)
                        : (value.compareTo(current) < 0) == min ? value : current;
            }
            result[i] = current;
            nulls[i] = current == null;
        }
        return Column.decimalsNarrowedIfPossible(result, nulls, count);
    }
}
