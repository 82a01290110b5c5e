package io.sqe.worker.filter;

/** One node of a compiled filter. */
interface FilterNode {
    /**
     * Keeps, in place and in order, the rows of {@code rows[0..count)} (ascending rows of the run that starts at
     * output row {@code offset}) for which the node is certainly true, and returns how many there are.
     */
    int filter(int offset, int[] rows, int count);
}
