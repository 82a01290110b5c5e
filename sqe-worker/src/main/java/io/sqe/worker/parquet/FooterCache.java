package io.sqe.worker.parquet;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Parsed Parquet footers by file location and length, least recently used evicted first. Iceberg data files never
 * change once written, and parsing a footer costs milliseconds, so every range of a file after the first skips it.
 * Thread-safe; a footer is parsed outside the lock, so two scans may both parse one that neither found.
 */
public final class FooterCache {
    private final int maxEntries;
    private final LinkedHashMap<Key, ParquetMetadata> entries = new LinkedHashMap<>(16, 0.75f, true);

    public FooterCache(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries is negative: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** Reads footers; may fail with an I/O error. */
    @FunctionalInterface
    interface FooterLoader {
        ParquetMetadata load() throws IOException;
    }

    ParquetMetadata get(String location, long length, FooterLoader loader) throws IOException {
        requireNonNull(location, "location is null");
        requireNonNull(loader, "loader is null");
        Key key = new Key(location, length);
        synchronized (this) {
            ParquetMetadata cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        ParquetMetadata footer = loader.load();
        synchronized (this) {
            entries.put(key, footer);
            while (entries.size() > maxEntries) {
                Map.Entry<Key, ParquetMetadata> eldest = entries.entrySet().iterator().next();
                entries.remove(eldest.getKey());
            }
        }
        return footer;
    }

    synchronized int size() {
        return entries.size();
    }

    private record Key(String location, long length) {
        private Key {
            requireNonNull(location, "location is null");
        }
    }
}
