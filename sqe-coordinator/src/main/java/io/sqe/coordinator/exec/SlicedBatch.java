package io.sqe.coordinator.exec;

/** A materialized result handed out as slices of at most {@code batchRows} rows. */
final class SlicedBatch {
    private final Batch result;
    private final int batchRows;
    private int emitted;

    SlicedBatch(Batch result, int batchRows) {
        this.result = result;
        this.batchRows = batchRows;
    }

    /** The next slice, or null when all rows are out. */
    Batch next() {
        if (emitted >= result.size) {
            return null;
        }
        int end = Math.min(result.size, emitted + batchRows);
        Batch slice = Batches.slice(result, emitted, end);
        emitted = end;
        return slice;
    }
}
