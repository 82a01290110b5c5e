package io.sqe.worker;

import static java.util.Objects.requireNonNull;

import io.sqe.core.engine.BatchSource;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.ScanTask;
import io.sqe.planner.ScanTaskCodec;
import io.sqe.worker.columnar.AggregatingBatches;
import io.sqe.worker.parquet.FooterCache;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes {@link ScanTask}s: decodes the task from its wire form (the in-process worker takes the same path as a
 * remote one), opens its files through a FileIO built from the task's storage properties, and streams the rows as
 * Arrow batches.
 *
 * <p>Parquet files are decoded in bulk, page by page, straight into Arrow vectors by
 * {@link io.sqe.worker.parquet.ParquetBatchReader}. Files it does not support (delete files, nested columns, other
 * encodings) are read through Iceberg's generic row readers, chosen per file before reading, so both paths give the
 * same rows.
 *
 * <p>Thread-safe: one executor serves many concurrent scans and shares FileIOs between tasks with equal storage
 * properties.
 */
public final class ScanExecutor implements AutoCloseable {
    /** Rows per Arrow batch unless configured otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 4096;

    private static final Logger log = LoggerFactory.getLogger(ScanExecutor.class);
    private static final int MAX_IDLE_FILE_IOS = 32;
    private static final int MAX_CACHED_FOOTERS = 256;

    private final int batchSize;
    private final boolean bulkDecoding;
    private final FileIoCache fileIos = new FileIoCache(MAX_IDLE_FILE_IOS);
    private final FooterCache footers = new FooterCache(MAX_CACHED_FOOTERS);

    public ScanExecutor() {
        this(DEFAULT_BATCH_SIZE);
    }

    public ScanExecutor(int batchSize) {
        this(batchSize, true);
    }

    /**
     * @param bulkDecoding whether to decode Parquet with the bulk decoder where it can; false reads every file
     *     through Iceberg's generic row readers (the reference the decoder is tested and measured against)
     */
    public ScanExecutor(int batchSize, boolean bulkDecoding) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.batchSize = batchSize;
        this.bulkDecoding = bulkDecoding;
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
        if (task.aggregation().isPresent()) {
            throw new SqeException(ErrorCode.NOT_SUPPORTED, "Scan task " + task.taskId() + " of query "
                    + task.queryId() + " carries a pushed aggregation, whose rows are groups, not scanned rows;"
                    + " open it with open()");
        }
        return scan(task, parent);
    }

    /**
     * Starts executing an encoded task, with its pushed aggregation if it has one: then the batches hold one row per
     * group (the group keys, then the partial aggregates) instead of the scanned rows.
     *
     * @return the task's batches; the caller must close them
     * @throws io.sqe.core.error.SqeException as {@link #execute}
     */
    public BatchSource open(byte[] encodedTask, BufferAllocator parent) {
        requireNonNull(encodedTask, "encodedTask is null");
        requireNonNull(parent, "parent is null");
        ScanTask task = ScanTaskCodec.decode(encodedTask);
        ScanBatches rows = scan(task, parent);
        if (task.aggregation().isEmpty()) {
            return rows;
        }
        try {
            return new AggregatingBatches(rows, task, parent, batchSize);
        } catch (RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    private ScanBatches scan(ScanTask task, BufferAllocator parent) {
        FileIoCache.Lease storage = fileIos.acquire(task.storageProperties());
        try {
            ScanBatches batches = new ScanBatches(task, storage, parent, batchSize, footers, bulkDecoding);
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
