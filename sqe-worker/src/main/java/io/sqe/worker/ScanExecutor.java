package io.sqe.worker;

import static java.util.Objects.requireNonNull;

import io.sqe.planner.ScanTask;
import io.sqe.planner.ScanTaskCodec;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes {@link ScanTask}s: decodes the task from its wire form (the in-process worker takes the same path as a
 * remote one), opens its files through a FileIO built from the task's storage properties, and streams the rows as
 * Arrow batches.
 *
 * <p>This first version reads Parquet through Iceberg's generic row readers, for correctness: field ids, name
 * mapping, identity-partition constants and deletes are all Iceberg's own logic. A bulk page decoder replaces the
 * row path later.
 *
 * <p>Thread-safe: one executor serves many concurrent scans and shares FileIOs between tasks with equal storage
 * properties.
 */
public final class ScanExecutor implements AutoCloseable {
    /** Rows per Arrow batch unless configured otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 4096;

    private static final Logger log = LoggerFactory.getLogger(ScanExecutor.class);
    private static final int MAX_IDLE_FILE_IOS = 32;

    private final int batchSize;
    private final FileIoCache fileIos = new FileIoCache(MAX_IDLE_FILE_IOS);

    public ScanExecutor() {
        this(DEFAULT_BATCH_SIZE);
    }

    public ScanExecutor(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /**
     * Starts executing an encoded task. Nothing is read until the first {@link ScanBatches#next()}.
     *
     * @param encodedTask a task encoded by {@link ScanTaskCodec}
     * @param parent the allocator the task's own child allocator is taken from
     * @return the task's batches; the caller must close them
     * @throws io.sqe.core.error.SqeException {@code INVALID_REQUEST} for a malformed task, {@code NOT_SUPPORTED}
     *     for a projected column type SQE cannot read, {@code STORAGE_ERROR} when the storage client cannot be made
     */
    public ScanBatches execute(byte[] encodedTask, BufferAllocator parent) {
        requireNonNull(encodedTask, "encodedTask is null");
        requireNonNull(parent, "parent is null");
        ScanTask task = ScanTaskCodec.decode(encodedTask);
        FileIoCache.Lease storage = fileIos.acquire(task.storageProperties());
        try {
            ScanBatches batches = new ScanBatches(task, storage, parent, batchSize);
            log.debug("Scanning task {} of query {}: table {}, {} file ranges, {} bytes", task.taskId(),
                    task.queryId(), task.tableName(), task.files().size(), task.dataBytes());
            return batches;
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** Closes idle storage clients now and the rest as their scans finish. */
    @Override
    public void close() {
        fileIos.close();
    }
}
