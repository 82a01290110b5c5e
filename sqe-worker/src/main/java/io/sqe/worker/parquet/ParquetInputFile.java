package io.sqe.worker.parquet;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** An Iceberg {@link org.apache.iceberg.io.InputFile} seen as a parquet-java {@link InputFile}, without Hadoop. */
final class ParquetInputFile implements InputFile {
    private final org.apache.iceberg.io.InputFile file;

    ParquetInputFile(org.apache.iceberg.io.InputFile file) {
        this.file = requireNonNull(file, "file is null");
    }

    @Override
    public long getLength() {
        return file.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
        org.apache.iceberg.io.SeekableInputStream stream = file.newStream();
        return new DelegatingSeekableInputStream(stream) {
            @Override
            public long getPos() throws IOException {
                return stream.getPos();
            }

            @Override
            public void seek(long newPos) throws IOException {
                stream.seek(newPos);
            }
        };
    }

    @Override
    public String toString() {
        return file.location();
    }
}
