package io.sqe.worker.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decodes Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary ids, RLE booleans) into int
 * arrays, a run at a time. The input is a region of a byte array; nothing is copied.
 */
final class HybridDecoder {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] data;
    private int position;
    private int limit;
    private int bitWidth;
    private int bytesPerRunValue;
    private long mask;
    // The current run: either repeats runValue, or holds packed values starting at packedBit.
    private int runRemaining;
    private boolean repeated;
    private int runValue;
    private long packedBit;

    /** Starts decoding {@code length} bytes of {@code data} at {@code offset}, with values {@code bitWidth} wide. */
    void reset(byte[] data, int offset, int length, int bitWidth) {
        if (bitWidth < 0 || bitWidth > 32) {
            throw new CorruptPageException("invalid bit width " + bitWidth);
        }
        this.data = data;
        this.position = offset;
        this.limit = offset + length;
        this.bitWidth = bitWidth;
        this.bytesPerRunValue = (bitWidth + 7) / 8;
        this.mask = bitWidth == 0 ? 0 : (1L << bitWidth) - 1;
        this.runRemaining = 0;
    }

    /** Decodes the next {@code count} values into {@code out[0..count)}. */
    void read(int[] out, int count) {
        int done = 0;
        while (done < count) {
            if (runRemaining == 0) {
                nextRun();
            }
            int n = Math.min(runRemaining, count - done);
            if (repeated) {
                java.util.Arrays.fill(out, done, done + n, runValue);
            } else {
                unpack(out, done, n);
            }
            done += n;
            runRemaining -= n;
        }
    }

    /** Counts how many of the next {@code count} values equal {@code value}, decoding them into {@code out}. */
    int readAndCount(int[] out, int count, int value) {
        int done = 0;
        int matches = 0;
        while (done < count) {
            if (runRemaining == 0) {
                nextRun();
            }
            int n = Math.min(runRemaining, count - done);
            if (repeated) {
                java.util.Arrays.fill(out, done, done + n, runValue);
                if (runValue == value) {
                    matches += n;
                }
            } else {
                unpack(out, done, n);
                for (int i = done; i < done + n; i++) {
                    if (out[i] == value) {
                        matches++;
                    }
                }
            }
            done += n;
            runRemaining -= n;
        }
        return matches;
    }

    private void unpack(int[] out, int from, int n) {
        long bit = packedBit;
        int fastLimit = data.length - 8;
        for (int i = from; i < from + n; i++) {
            int byteIndex = (int) (bit >>> 3);
            int shift = (int) (bit & 7);
            if (byteIndex <= fastLimit) {
                // Up to 32 bits shifted by up to 7 fit in one little-endian long; bits past the value are masked.
                out[i] = (int) (((long) LONGS.get(data, byteIndex) >>> shift) & mask);
                bit += bitWidth;
                continue;
            }
            long word = 0;
            int bytesNeeded = (shift + bitWidth + 7) >>> 3;
            for (int b = 0; b < bytesNeeded; b++) {
                int index = byteIndex + b;
                if (index < limit) {
                    word |= (data[index] & 0xFFL) << (8 * b);
                }
            }
            out[i] = (int) ((word >>> shift) & mask);
            bit += bitWidth;
        }
        packedBit = bit;
    }

    private void nextRun() {
        if (position >= limit) {
            throw new CorruptPageException("RLE / bit-packed data ends before all values were read");
        }
        int header = readUnsignedVarInt();
        if ((header & 1) == 0) {
            repeated = true;
            runRemaining = header >>> 1;
            int value = 0;
            for (int b = 0; b < bytesPerRunValue; b++) {
                value |= (data[position++] & 0xFF) << (8 * b);
            }
            runValue = value;
        } else {
            repeated = false;
            int groups = header >>> 1;
            runRemaining = groups * 8;
            packedBit = (long) position * 8;
            // A final group may be cut short by the page end; the values past the real count are never read.
            position = (int) Math.min(limit, (long) position + (long) groups * bitWidth);
        }
        if (runRemaining <= 0) {
            throw new CorruptPageException("empty RLE / bit-packed run");
        }
    }

    private int readUnsignedVarInt() {
        int value = 0;
        int shift = 0;
        while (true) {
            if (position >= limit || shift > 28) {
                throw new CorruptPageException("truncated RLE / bit-packed run header");
            }
            int b = data[position++] & 0xFF;
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }
}
