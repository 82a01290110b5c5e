package io.sqe.worker.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.junit.jupiter.api.Test;

/** The hybrid decoder against parquet-java's own encoder, for every bit width and for runs of both kinds. */
class HybridDecoderTest {

    @Test
    void decodesWhatParquetJavaEncodesAtEveryBitWidth() throws IOException {
        Random random = new Random(1);
        for (int bitWidth = 0; bitWidth <= 32; bitWidth++) {
            int[] values = new int[5_003];
            long bound = 1L << bitWidth;
            for (int i = 0; i < values.length; i++) {
                // Long repeats become RLE runs, the rest bit-packed groups.
                boolean repeat = (i / 300) % 2 == 0;
                values[i] = bitWidth == 0 ? 0 : (int) (repeat ? (i / 300) % bound : random.nextLong() & (bound - 1));
            }
            byte[] encoded = encode(values, bitWidth);
            HybridDecoder decoder = new HybridDecoder();
            decoder.reset(encoded, 0, encoded.length, bitWidth);
            int[] decoded = new int[values.length];
            int[] part = new int[977];
            for (int done = 0; done < values.length; ) {
                int n = Math.min(part.length, values.length - done);
                decoder.read(part, n);
                System.arraycopy(part, 0, decoded, done, n);
                done += n;
            }
            assertThat(decoded).as("bit width %d", bitWidth).isEqualTo(values);
        }
    }

    @Test
    void countsDefinedLevels() throws IOException {
        int[] levels = new int[1_000];
        int expected = 0;
        for (int i = 0; i < levels.length; i++) {
            levels[i] = i % 7 == 0 || (i > 500 && i < 700) ? 0 : 1;
            expected += levels[i];
        }
        byte[] encoded = encode(levels, 1);
        HybridDecoder decoder = new HybridDecoder();
        decoder.reset(encoded, 0, encoded.length, 1);
        int[] decoded = new int[levels.length];

        assertThat(decoder.readAndCount(decoded, levels.length, 1)).isEqualTo(expected);
        assertThat(decoded).isEqualTo(levels);
    }

    @Test
    void truncatedDataIsCorrupt() throws IOException {
        byte[] encoded = encode(new int[] {1, 2, 3}, 2);
        HybridDecoder decoder = new HybridDecoder();
        decoder.reset(encoded, 0, encoded.length, 2);

        assertThatThrownBy(() -> decoder.read(new int[100], 100))
                .isInstanceOf(CorruptPageException.class)
                .hasMessageContaining("ends before all values were read");
    }

    private static byte[] encode(int[] values, int bitWidth) throws IOException {
        try (RunLengthBitPackingHybridEncoder encoder = new RunLengthBitPackingHybridEncoder(
                bitWidth, 64, 1 << 20, new HeapByteBufferAllocator())) {
            for (int value : values) {
                encoder.writeInt(value);
            }
            return encoder.toBytes().toByteArray();
        }
    }
}
