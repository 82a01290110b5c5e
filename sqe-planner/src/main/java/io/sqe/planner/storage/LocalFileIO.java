package io.sqe.planner.storage;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.RangeReadable;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * An Iceberg {@link org.apache.iceberg.io.FileIO} for the local file system over {@code java.nio}; Iceberg
 * itself only reaches local files through Hadoop.
 *
 * <p>Locations are plain absolute paths ({@code /data/t/x.parquet}) or {@code file:} URIs
 * ({@code file:/data/t/x.parquet}, {@code file:///data/t/x.parquet}). Writes create missing parent
 * directories. Missing files surface as Iceberg's {@link NotFoundException}, {@link OutputFile#create()} on an
 * existing file as {@link AlreadyExistsException}, and other I/O failures as {@link UncheckedIOException}.
 *
 * <p>Catalogs load it by class name ({@code io-impl}), hence the public no-argument constructor.
 */
public final class LocalFileIO implements SupportsPrefixOperations {
    private static final long serialVersionUID = 1L;
    private static final int WRITE_BUFFER_BYTES = 64 * 1024;

    private HashMap<String, String> properties = new HashMap<>();

    public LocalFileIO() {}

    @Override
    public void initialize(Map<String, String> properties) {
        this.properties = new HashMap<>(requireNonNull(properties, "properties is null"));
    }

    @Override
    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    @Override
    public InputFile newInputFile(String location) {
        return new LocalInputFile(location, toPath(location), -1);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
        return new LocalInputFile(location, toPath(location), length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        return new LocalOutputFile(location, toPath(location));
    }

    @Override
    public void deleteFile(String location) {
        try {
            Files.deleteIfExists(toPath(location));
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to delete file: " + location, e);
        }
    }

    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
        Path root = toPath(prefix);
        if (!Files.exists(root)) {
            return List.of();
        }
        String base = stripTrailingSlash(prefix);
        List<FileInfo> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    String relative = root.relativize(path).toString();
                    String location = relative.isEmpty() ? base : base + "/" + relative;
                    files.add(new FileInfo(location, attributes.size(), attributes.lastModifiedTime().toMillis()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to list prefix: " + prefix, e);
        }
        return files;
    }

    @Override
    public void deletePrefix(String prefix) {
        Path root = toPath(prefix);
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            // Deepest first, so directories are empty when their turn comes.
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to delete prefix: " + prefix, e);
        }
    }

    /** Resolves a plain absolute path or a {@code file:} URI to a local path. */
    static Path toPath(String location) {
        requireNonNull(location, "location is null");
        Path path;
        if (location.startsWith("file:")) {
            path = fileUriToPath(location);
        } else if (location.contains("://")) {
            throw new IllegalArgumentException("LocalFileIO only supports local paths and file: URIs: " + location);
        } else {
            path = Path.of(location);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("LocalFileIO needs an absolute path: " + location);
        }
        return path.normalize();
    }

    private static Path fileUriToPath(String location) {
        try {
            URI uri = URI.create(location);
            if (uri.getPath() != null && (uri.getAuthority() == null || uri.getAuthority().isEmpty())) {
                return Path.of(uri.getPath());
            }
        } catch (IllegalArgumentException e) {
            // Not a well-formed URI (for example an unencoded space): fall back to taking the path literally.
        }
        String rest = location.substring("file:".length());
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        return Path.of(rest);
    }

    private static String stripTrailingSlash(String location) {
        String result = location;
        while (result.length() > 1 && result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    private static final class LocalInputFile implements InputFile {
        private final String location;
        private final Path path;
        private final long knownLength;

        LocalInputFile(String location, Path path, long knownLength) {
            this.location = requireNonNull(location, "location is null");
            this.path = requireNonNull(path, "path is null");
            this.knownLength = knownLength;
        }

        @Override
        public long getLength() {
            if (knownLength >= 0) {
                return knownLength;
            }
            try {
                return Files.size(path);
            } catch (NoSuchFileException e) {
                throw new NotFoundException(e, "File does not exist: %s", location);
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to get length of file: " + location, e);
            }
        }

        @Override
        public SeekableInputStream newStream() {
            try {
                return new LocalSeekableInputStream(FileChannel.open(path, StandardOpenOption.READ));
            } catch (NoSuchFileException e) {
                throw new NotFoundException(e, "File does not exist: %s", location);
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to open file: " + location, e);
            }
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public boolean exists() {
            return Files.isRegularFile(path);
        }

        @Override
        public String toString() {
            return location;
        }
    }

    private static final class LocalOutputFile implements OutputFile {
        private final String location;
        private final Path path;

        LocalOutputFile(String location, Path path) {
            this.location = requireNonNull(location, "location is null");
            this.path = requireNonNull(path, "path is null");
        }

        @Override
        public PositionOutputStream create() {
            try {
                return open(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                throw new AlreadyExistsException(e, "File already exists: %s", location);
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to create file: " + location, e);
            }
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            try {
                return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to create file: " + location, e);
            }
        }

        private PositionOutputStream open(OpenOption... options) throws IOException {
            Path parent = path.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new LocalPositionOutputStream(Files.newOutputStream(path, options));
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public InputFile toInputFile() {
            return new LocalInputFile(location, path, -1);
        }

        @Override
        public String toString() {
            return location;
        }
    }

    private static final class LocalSeekableInputStream extends SeekableInputStream implements RangeReadable {
        private final FileChannel channel;
        private final ByteBuffer single = ByteBuffer.allocate(1);
        private long position;

        LocalSeekableInputStream(FileChannel channel) {
            this.channel = requireNonNull(channel, "channel is null");
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void seek(long newPosition) throws IOException {
            if (newPosition < 0) {
                throw new IOException("Cannot seek to negative position: " + newPosition);
            }
            position = newPosition;
        }

        @Override
        public int read() throws IOException {
            single.clear();
            int read = channel.read(single, position);
            if (read <= 0) {
                return -1;
            }
            position++;
            return single.get(0) & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int read = channel.read(ByteBuffer.wrap(buffer, offset, length), position);
            if (read < 0) {
                return -1;
            }
            position += read;
            return read;
        }

        @Override
        public long skip(long count) throws IOException {
            if (count <= 0) {
                return 0;
            }
            long skipped = Math.max(0, Math.min(count, channel.size() - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, channel.size() - position));
        }

        @Override
        public void readFully(long filePosition, byte[] buffer, int offset, int length) throws IOException {
            ByteBuffer target = ByteBuffer.wrap(buffer, offset, length);
            long at = filePosition;
            while (target.hasRemaining()) {
                int read = channel.read(target, at);
                if (read < 0) {
                    throw new EOFException("Reached end of file at " + at + " reading " + length + " bytes");
                }
                at += read;
            }
        }

        @Override
        public int readTail(byte[] buffer, int offset, int length) throws IOException {
            long size = channel.size();
            int toRead = (int) Math.min(length, size);
            readFully(size - toRead, buffer, offset, toRead);
            return toRead;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static final class LocalPositionOutputStream extends PositionOutputStream {
        private final OutputStream stream;
        private long position;

        LocalPositionOutputStream(OutputStream stream) {
            this.stream = new BufferedOutputStream(requireNonNull(stream, "stream is null"), WRITE_BUFFER_BYTES);
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int value) throws IOException {
            stream.write(value);
            position++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            stream.write(buffer, offset, length);
            position += length;
        }

        @Override
        public void flush() throws IOException {
            stream.flush();
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
