package io.sqe.worker;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.ScanTask;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.io.FileIO;

/**
 * FileIOs keyed by their complete property set, so tasks with the same storage credentials share clients and
 * connection pools. Entries are reference counted: an idle entry beyond {@code maxIdle} is closed, one in use never
 * is. Property values may be credentials and are never logged or put in messages.
 */
final class FileIoCache implements AutoCloseable {
    private final int maxIdle;
    // Access order, so the least recently used idle entries are evicted first.
    private final LinkedHashMap<Map<String, String>, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    FileIoCache(int maxIdle) {
        if (maxIdle < 0) {
            throw new IllegalArgumentException("maxIdle is negative: " + maxIdle);
        }
        this.maxIdle = maxIdle;
    }

    /** Returns a lease on the FileIO for these properties; close the lease when the task is done. */
    synchronized Lease acquire(Map<String, String> storageProperties) {
        requireNonNull(storageProperties, "storageProperties is null");
        if (closed) {
            throw new IllegalStateException("FileIO cache is closed");
        }
        Map<String, String> key = Map.copyOf(storageProperties);
        Entry entry = entries.get(key);
        if (entry == null) {
            entry = new Entry(load(key));
            entries.put(key, entry);
        }
        entry.users++;
        return new Lease(this, entry);
    }

    private static FileIO load(Map<String, String> properties) {
        String implementation = properties.get(ScanTask.IO_IMPL);
        try {
            return CatalogUtil.loadFileIO(implementation, properties, null);
        } catch (RuntimeException e) {
            // Only the class name: the exception may describe the properties.
            throw new SqeException(ErrorCode.STORAGE_ERROR,
                    "Cannot create the storage client " + implementation + ". Check the worker's class path and the"
                            + " catalog's storage settings.");
        }
    }

    private synchronized void release(Entry entry) {
        entry.users--;
        if (closed && entry.users == 0) {
            entry.io.close();
            return;
        }
        evictIdle();
    }

    private void evictIdle() {
        long idle = entries.values().stream().filter(entry -> entry.users == 0).count();
        Iterator<Entry> iterator = entries.values().iterator();
        while (idle > maxIdle && iterator.hasNext()) {
            Entry entry = iterator.next();
            if (entry.users == 0) {
                iterator.remove();
                entry.io.close();
                idle--;
            }
        }
    }

    synchronized int size() {
        return entries.size();
    }

    /** Closes idle FileIOs now and the others when their last lease closes. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Entry> idle = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (entry.users == 0) {
                idle.add(entry);
            }
        }
        entries.clear();
        for (Entry entry : idle) {
            entry.io.close();
        }
    }

    private static final class Entry {
        private final FileIO io;
        private int users;

        private Entry(FileIO io) {
            this.io = io;
        }
    }

    /** One task's use of a cached FileIO. */
    static final class Lease implements AutoCloseable {
        private final FileIoCache cache;
        private final Entry entry;
        private boolean released;

        private Lease(FileIoCache cache, Entry entry) {
            this.cache = cache;
            this.entry = entry;
        }

        FileIO io() {
            return entry.io;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                cache.release(entry);
            }
        }
    }
}
