package io.sqe.worker.parquet;

/**
 * A run of non-null values already in their Arrow representation, before nulls are spread between them. Fixed-width
 * values are {@code width} little-endian bytes each at {@code fixedArray[fixedOffset + i * width]}; variable-width
 * values are byte ranges {@code [starts[i], starts[i] + lengths[i])} of {@code source}. Both may point into a page
 * or a dictionary instead of owned storage, so nothing is copied twice.
 */
final class DenseValues {
    byte[] fixedArray = new byte[0];
    int fixedOffset;
    byte[] source = new byte[0];
    int[] starts = new int[0];
    int[] lengths = new int[0];
    // Owned storage, reused between runs.
    private byte[] ownedFixed = new byte[0];
    private byte[] ownedVariable = new byte[0];

    /** Owned fixed-width storage of at least {@code bytes}, made current at offset 0. */
    byte[] ownFixed(int bytes) {
        if (ownedFixed.length < bytes) {
            ownedFixed = new byte[Math.max(bytes, ownedFixed.length * 2)];
        }
        fixedArray = ownedFixed;
        fixedOffset = 0;
        return ownedFixed;
    }

    /** Owned variable-width storage of at least {@code bytes}, made the current source. */
    byte[] ownVariable(int bytes) {
        if (ownedVariable.length < bytes) {
            ownedVariable = new byte[Math.max(bytes, ownedVariable.length * 2)];
        }
        source = ownedVariable;
        return ownedVariable;
    }

    /** Makes room for {@code count} variable-width entries. */
    void ensureEntries(int count) {
        if (starts.length < count) {
            int size = Math.max(count, starts.length * 2);
            starts = new int[size];
            lengths = new int[size];
        }
    }
}
