package io.sqe.coordinator.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.type.RelDataType;

/**
 * ORDER BY with an optional OFFSET and FETCH. With a FETCH it is a top-N: it keeps at most about twice the rows it
 * needs, sorting and cutting whenever it holds more. Without collations it is a plain LIMIT, which stops reading its
 * input as soon as it has its rows.
 */
final class SortNode extends PlanNode {
    private final List<RelFieldCollation> collations;
    private final long offset;
    private final long fetch;

    /** @param fetch the rows to return after {@code offset}, or -1 for all */
    SortNode(RelDataType rowType, PlanNode input, List<RelFieldCollation> collations, long offset, long fetch) {
        super(rowType, List.of(input));
        this.collations = List.copyOf(collations);
        this.offset = offset;
        this.fetch = fetch;
        for (RelFieldCollation collation : collations) {
            ValueKind.required(rowType.getFieldList().get(collation.getFieldIndex()).getType());
        }
    }

    @Override
    String describe() {
        List<String> keys = new ArrayList<>();
        for (RelFieldCollation collation : collations) {
            keys.add("$" + collation.getFieldIndex() + " " + collation.getDirection().shortString + " nulls "
                    + nullsFirst(collation));
        }
        String limits = (offset > 0 ? ", offset=" + offset : "") + (fetch >= 0 ? ", fetch=" + fetch : "");
        if (collations.isEmpty()) {
            return "Limit[" + limits.substring(2) + "]";
        }
        return (fetch >= 0 ? "TopN[" : "Sort[") + String.join(", ", keys) + limits + "]";
    }

    private static String nullsFirst(RelFieldCollation collation) {
        return Sorting.nullsFirst(collation) ? "first" : "last";
    }

    @Override
    Operator open(ExecutionContext context) {
        Operator input = openInput(0, context);
        if (collations.isEmpty()) {
            return limit(input);
        }
        MemoryReservation memory = context.newReservation();
        return new Operator() {
            private Batch sorted;
            private int emitted;

            @Override
            public Batch next() {
                if (sorted == null) {
                    sorted = sortAll(input, memory);
                    input.close();
                    emitted = (int) Math.min(offset, sorted.size);
                }
                long end = fetch < 0 ? sorted.size : Math.min(sorted.size, offset + fetch);
                if (emitted >= end) {
                    return null;
                }
                int to = (int) Math.min(end, emitted + (long) context.batchRows());
                Batch slice = Batches.slice(sorted, emitted, to);
                emitted = to;
                return slice;
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

    private Operator limit(Operator input) {
        return new Operator() {
            private long skipped;
            private long returned;

            @Override
            public Batch next() {
                while (fetch < 0 || returned < fetch) {
                    Batch batch = input.next();
                    if (batch == null) {
                        return null;
                    }
                    int from = (int) Math.min(batch.size, offset - skipped);
                    skipped += from;
                    long wanted = fetch < 0 ? Long.MAX_VALUE : fetch - returned;
                    int to = (int) Math.min(batch.size, from + wanted);
                    if (to > from) {
                        returned += to - from;
                        return Batches.slice(batch, from, to);
                    }
                }
                input.close();
                return null;
            }

            @Override
            public void close() {
                input.close();
            }
        };
    }

    private Batch sortAll(Operator input, MemoryReservation memory) {
        long keep = fetch < 0 ? -1 : offset + fetch;
        List<Batch> held = new ArrayList<>();
        long heldRows = 0;
        long heldBytes = 0;
        for (Batch batch = input.next(); batch != null; batch = input.next()) {
            if (batch.size == 0 || keep == 0) {
                continue;
            }
            held.add(batch);
            heldRows += batch.size;
            heldBytes += batch.retainedBytes();
            if (keep > 0 && heldRows > Math.max(2 * keep, 4096)) {
                Batch top = sorted(Batches.concat(held, rowType()), keep);
                held.clear();
                held.add(top);
                heldRows = top.size;
                heldBytes = top.retainedBytes();
            }
            memory.ensure(2 * heldBytes);
        }
        if (held.isEmpty()) {
            return Batches.concat(held, rowType());
        }
        return sorted(Batches.concat(held, rowType()), keep);
    }

    /** The first {@code keep} rows (all when -1) of {@code batch} in collation order. */
    private Batch sorted(Batch batch, long keep) {
        int[] order = Sorting.order(batch, collations, rowType());
        int count = keep < 0 ? order.length : (int) Math.min(order.length, keep);
        return batch.gather(order, count);
    }
}
