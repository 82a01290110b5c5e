package io.sqe.worker.parquet;

/** A read position in PLAIN-encoded values: a byte array region, and a bit position for booleans. */
final class PlainCursor {
    byte[] data = new byte[0];
    int position;
    int limit;
    long bitPosition;

    void reset(byte[] data, int offset, int limit) {
        this.data = data;
        this.position = offset;
        this.limit = limit;
        this.bitPosition = (long) offset * 8;
    }

    /** Fails unless {@code bytes} more bytes remain. */
    void require(long bytes) {
        if (bytes < 0 || position + bytes > limit) {
            throw new CorruptPageException("PLAIN values end before all values were read");
        }
    }
}
