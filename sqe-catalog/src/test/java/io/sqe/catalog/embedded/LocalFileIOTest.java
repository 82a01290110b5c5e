package io.sqe.catalog.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.planner.storage.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.RangeReadable;
import org.apache.iceberg.io.SeekableInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileIOTest {
    @TempDir
    Path directory;

    private final LocalFileIO io = new LocalFileIO();

    @Test
    void writesAndReadsBackThroughPlainPathsAndFileUris() throws IOException {
        Path file = directory.resolve("a/b/data.bin");
        OutputFile output = io.newOutputFile(file.toString());
        try (PositionOutputStream stream = output.create()) {
            stream.write("hello ".getBytes(UTF_8));
            stream.write('w');
            stream.write("orld".getBytes(UTF_8));
            assertThat(stream.getPos()).isEqualTo(11);
        }
        assertThat(Files.readString(file)).isEqualTo("hello world");

        for (String location : List.of(file.toString(), file.toUri().toString(), "file:" + file)) {
            InputFile input = io.newInputFile(location);
            assertThat(input.exists()).isTrue();
            assertThat(input.getLength()).isEqualTo(11);
            assertThat(input.location()).isEqualTo(location);
            try (SeekableInputStream stream = input.newStream()) {
                assertThat(stream.read()).isEqualTo('h');
                stream.seek(6);
                assertThat(stream.getPos()).isEqualTo(6);
                byte[] buffer = new byte[5];
                assertThat(stream.read(buffer, 0, 5)).isEqualTo(5);
                assertThat(new String(buffer, UTF_8)).isEqualTo("world");
                assertThat(stream.getPos()).isEqualTo(11);
                assertThat(stream.read()).isEqualTo(-1);
                byte[] tail = new byte[3];
                assertThat(((RangeReadable) stream).readTail(tail, 0, 3)).isEqualTo(3);
                assertThat(new String(tail, UTF_8)).isEqualTo("rld");
                ((RangeReadable) stream).readFully(0, tail, 0, 3);
                assertThat(new String(tail, UTF_8)).isEqualTo("hel");
            }
        }
    }

    @Test
    void createFailsWhenTheFileExistsButCreateOrOverwriteReplacesIt() throws IOException {
        Path file = directory.resolve("x.txt");
        Files.writeString(file, "old content");
        OutputFile output = io.newOutputFile(file.toString());

        assertThatThrownBy(output::create)
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining(file.toString());

        try (PositionOutputStream stream = output.createOrOverwrite()) {
            stream.write("new".getBytes(UTF_8));
        }
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(output.toInputFile().getLength()).isEqualTo(3);
    }

    @Test
    void missingFilesAreReportedAndDeletingThemIsNotAnError() {
        String missing = directory.resolve("missing.parquet").toString();
        InputFile input = io.newInputFile(missing);

        assertThat(input.exists()).isFalse();
        assertThatThrownBy(input::getLength).isInstanceOf(NotFoundException.class).hasMessageContaining(missing);
        assertThatThrownBy(input::newStream).isInstanceOf(NotFoundException.class).hasMessageContaining(missing);
        io.deleteFile(missing);
        assertThat(input.exists()).isFalse();
    }

    @Test
    void deletesFiles() throws IOException {
        Path file = directory.resolve("gone.txt");
        Files.writeString(file, "x");
        io.deleteFile(file.toUri().toString());
        assertThat(file).doesNotExist();
    }

    @Test
    void rejectsRelativePathsAndOtherSchemes() {
        assertThatThrownBy(() -> io.newInputFile("relative/path"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> io.newOutputFile("s3://bucket/key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file: URIs");
    }

    @Test
    void listsAndDeletesPrefixes() throws IOException {
        Files.createDirectories(directory.resolve("t/data/p=1"));
        Files.writeString(directory.resolve("t/data/p=1/a.parquet"), "aa");
        Files.writeString(directory.resolve("t/metadata.json"), "{}");
        Files.writeString(directory.resolve("other.txt"), "o");

        List<String> locations = new ArrayList<>();
        for (FileInfo info : io.listPrefix(directory.resolve("t").toString())) {
            locations.add(info.location() + ":" + info.size());
        }
        assertThat(locations).containsExactlyInAnyOrder(
                directory.resolve("t/data/p=1/a.parquet") + ":2", directory.resolve("t/metadata.json") + ":2");

        io.deletePrefix(directory.resolve("t").toString());
        assertThat(directory.resolve("t")).doesNotExist();
        assertThat(directory.resolve("other.txt")).exists();
        assertThat(io.listPrefix(directory.resolve("t").toString())).isEmpty();
    }
}
