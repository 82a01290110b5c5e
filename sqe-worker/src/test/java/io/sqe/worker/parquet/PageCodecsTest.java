package io.sqe.worker.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PageCodecsTest {
    private final CompressionCodecFactory codecs = new PageCodecs(new PlainParquetConfiguration());
    private final BytesInputDecompressor zstd = codecs.getDecompressor(CompressionCodecName.ZSTD);
    private final byte[] page = page();
    private final byte[] compressed = Zstd.compress(page, 3);

    @AfterEach
    void release() {
        codecs.release();
    }

    @Test
    void aZstdPageDecompressesInOneCallFromTheMiddleOfItsChunk() throws IOException {
        byte[] chunk = new byte[compressed.length + 20];
        System.arraycopy(compressed, 0, chunk, 7, compressed.length);

        BytesInput out = zstd.decompress(BytesInput.from(chunk, 7, compressed.length), page.length);

        assertThat(out.toByteArray()).isEqualTo(page);
    }

    @Test
    void aZstdPageDecompressesBetweenDirectBuffers() throws IOException {
        ByteBuffer in = ByteBuffer.allocateDirect(compressed.length + 4);
        in.put(new byte[] {9, 9}).put(compressed).put(new byte[] {9, 9}).position(2);
        ByteBuffer out = ByteBuffer.allocateDirect(page.length + 8);
        out.position(3);

        zstd.decompress(in, compressed.length, out, page.length);

        assertThat(out.position()).isEqualTo(3 + page.length);
        byte[] written = new byte[page.length];
        out.position(3);
        out.get(written);
        assertThat(written).isEqualTo(page);
    }

    @Test
    void aTruncatedZstdPageIsAnIoError() {
        BytesInput truncated = BytesInput.from(Arrays.copyOf(compressed, compressed.length / 2));

        assertThatThrownBy(() -> zstd.decompress(truncated, page.length))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("corrupt ZSTD page");
    }

    @Test
    void aZstdPageShorterThanItsHeaderSaysIsAnIoError() {
        assertThatThrownBy(() -> zstd.decompress(BytesInput.from(compressed), page.length + 1))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("corrupt ZSTD page");
    }

    @Test
    void theFileContextServesPageAfterPageEvenAfterACorruptOneAndARelease() throws IOException {
        byte[] other = Zstd.compress(Arrays.copyOf(page, 1000), 1);
        assertThatThrownBy(() -> zstd.decompress(BytesInput.from(Arrays.copyOf(compressed, 50)), page.length))
                .isInstanceOf(IOException.class);

        for (int i = 0; i < 3; i++) {
            assertThat(zstd.decompress(BytesInput.from(compressed), page.length).toByteArray()).isEqualTo(page);
            assertThat(zstd.decompress(BytesInput.from(other), 1000).toByteArray())
                    .isEqualTo(Arrays.copyOf(page, 1000));
        }
        codecs.release();
        assertThat(zstd.decompress(BytesInput.from(compressed), page.length).toByteArray()).isEqualTo(page);
    }

    @Test
    void otherCodecsGoToParquetJava() throws IOException {
        BytesInput gzipped = BytesInput.copy(codecs.getCompressor(CompressionCodecName.GZIP)
                .compress(BytesInput.from(page)));

        BytesInput out = codecs.getDecompressor(CompressionCodecName.GZIP).decompress(gzipped, page.length);

        assertThat(out.toByteArray()).isEqualTo(page);
        assertThat(codecs.getDecompressor(CompressionCodecName.GZIP)).isNotSameAs(zstd);
    }

    /** Compressible but not trivial: runs of random bytes, like dictionary-encoded pages. */
    private static byte[] page() {
        Random random = new Random(42);
        byte[] page = new byte[64 * 1024 + 13];
        for (int i = 0; i < page.length; i++) {
            page[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt() : i / 97);
        }
        return page;
    }
}
