package io.sqe.worker;

import io.sqe.core.engine.BatchSource;
import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.ScanTask;
import io.sqe.planner.types.ArrowSchemas;
import io.sqe.worker.parquet.FooterCache;
import io.sqe.worker.parquet.TaskResiduals;
import io.sqe.worker.parquet.ParquetBatchReader;
import io.sqe.worker.parquet.UnsupportedFileException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.data.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Arrow output of one {@link ScanTask}: a single {@link VectorSchemaRoot} that each {@link #next()} refills with
 * up to a batch of rows. Not thread-safe, except {@link #cancel()}, which any thread may call.
 *
 * <pre>{@code
 * try (ScanBatches batches = executor.execute(encodedTask, allocator)) {
 *     while (batches.next()) {
 *         consume(batches.root());
 *     }
 * }
 * }</pre>
 */
public final class ScanBatches implements BatchSource {
    private static final Logger log = LoggerFactory.getLogger(ScanBatches.class);

    private final ScanTask task;
    private final FileIoCache.Lease storage;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final List<ColumnWriter> writers;
    private final int batchSize;
    private final Iterator<FileScanTask> files;
    private final FooterCache footers;
    private final TaskResiduals residuals;
    private final boolean bulkDecoding;
    private FileTaskReader reader;
    private ParquetBatchReader decoder;
    private long remaining;
    private long rowsProduced;
    private int bulkFiles;
    private int genericFiles;
    private volatile boolean cancelled;
    private boolean finished;
    private boolean closed;

    ScanBatches(ScanTask task, FileIoCache.Lease storage, BufferAllocator parent, int batchSize, FooterCache footers,
            boolean bulkDecoding) {
        this.task = requireNonNull(task, "task is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.footers = requireNonNull(footers, "footers is null");
        this.residuals = new TaskResiduals(task);
        this.bulkDecoding = bulkDecoding;
        requireNonNull(parent, "parent is null");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.batchSize = batchSize;
        this.files = task.files().iterator();
        this.remaining = task.limit().orElse(Long.MAX_VALUE);

        org.apache.arrow.vector.types.pojo.Schema schema =
                ArrowSchemas.toArrowSchema(task.schema(), task.projectedFieldIds());
        this.allocator = parent.newChildAllocator(
                "scan-" + task.queryId() + "-" + task.taskId(), 0, parent.getLimit());
        VectorSchemaRoot batch = null;
        List<ColumnWriter> columnWriters = new ArrayList<>();
        try {
            batch = VectorSchemaRoot.create(schema, allocator);
            for (int i = 0; i < task.projectedFieldIds().size(); i++) {
                FieldVector vector = batch.getVector(i);
                vector.setInitialCapacity(batchSize);
                int fieldId = task.projectedFieldIds().get(i);
                columnWriters.add(ColumnWriter.create(task.schema().findField(fieldId), vector));
            }
        } catch (RuntimeException e) {
            if (batch != null) {
                batch.close();
            }
            allocator.close();
            throw e;
        }
        this.root = batch;
        this.writers = List.copyOf(columnWriters);
    }

    /** The batch most recently filled by {@link #next()}; the same root every time. */
    public VectorSchemaRoot root() {
        return root;
    }

    /**
     * Refills {@link #root()} with the next rows.
     *
     * @return false when the task has no more rows (the root then holds none)
     * @throws SqeException {@code USER_CANCELED} after {@link #cancel()}, {@code STORAGE_ERROR} when a file cannot
     *     be read
     */
    public boolean next() {
        if (closed) {
            throw new IllegalStateException("Scan of task " + task.taskId() + " is closed");
        }
        if (cancelled) {
            throw new SqeException(ErrorCode.USER_CANCELED,
                    "Query " + task.queryId() + " was cancelled while scanning table " + task.tableName());
        }
        root.allocateNew();
        int rows = 0;
        int wanted = (int) Math.min(batchSize, remaining);
        while (rows < wanted) {
            int added = readRows(rows, wanted - rows);
            if (added < 0) {
                break;
            }
            rows += added;
        }
        root.setRowCount(rows);
        remaining -= rows;
        rowsProduced += rows;
        if (rows == 0) {
            finish();
            return false;
        }
        return true;
    }

    /**
     * Adds up to {@code maxRows} rows at row {@code offset} from the current file, moving to the next file when it
     * ends; returns how many were added (0 when a decoded run was filtered away) or -1 when no file remains.
     */
    private int readRows(int offset, int maxRows) {
        while (!finished) {
            if (decoder != null) {
                int added = decoder.read(offset, maxRows);
                if (added >= 0) {
                    return added;
                }
                closeReader();
            } else if (reader != null) {
                int added = readRecords(offset, maxRows);
                if (added > 0) {
                    return added;
                }
                closeReader();
            }
            if (!files.hasNext()) {
                finish();
                return -1;
            }
            openFile(files.next());
        }
        return -1;
    }

    private int readRecords(int offset, int maxRows) {
        int rows = 0;
        while (rows < maxRows) {
            Record record = reader.next();
            if (record == null) {
                break;
            }
            writeRow(offset + rows, record);
            rows++;
        }
        return rows;
    }

    /** Opens a file with the bulk decoder when it supports the file, otherwise with Iceberg's generic reader. */
    private void openFile(FileScanTask file) {
        if (bulkDecoding) {
            try {
                decoder = ParquetBatchReader.open(task, residuals, file, storage.io(), footers,
                        root.getFieldVectors(), allocator, batchSize);
                bulkFiles++;
                log.debug("Task {} of query {} decodes {} ({} row groups) in bulk", task.taskId(), task.queryId(),
                        file.file().location(), decoder.rowGroupCount());
                return;
            } catch (UnsupportedFileException e) {
                log.debug("Task {} of query {} reads {} with the generic reader: {}", task.taskId(),
                        task.queryId(), file.file().location(), e.getMessage());
            }
        }
        reader = new FileTaskReader(task, file, storage.io());
        genericFiles++;
    }

    private void writeRow(int row, Record record) {
        for (int column = 0; column < writers.size(); column++) {
            try {
                writers.get(column).write(row, record.get(reader.position(column)));
            } catch (ClassCastException e) {
                // Iceberg falls back to positional ids for files without field ids when the table has no mapping.
                throw new SqeException(ErrorCode.STORAGE_ERROR, "Data file " + reader.location() + " of table "
                        + task.tableName() + " holds values of the wrong type for column "
                        + root.getVector(column).getName() + ". If the file was written without Iceberg field ids,"
                        + " set the table property schema.name-mapping.default.", e);
            }
        }
    }

    private void finish() {
        if (!finished) {
            finished = true;
            closeReader();
        }
    }

    private void closeReader() {
        if (decoder != null) {
            ParquetBatchReader current = decoder;
            decoder = null;
            current.close();
        }
        if (reader != null) {
            FileTaskReader current = reader;
            reader = null;
            current.close();
        }
    }

    /** Asks the scan to stop; the next call to {@link #next()} fails with {@code USER_CANCELED}. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Rows written to Arrow so far, across all batches. */
    public long rowsProduced() {
        return rowsProduced;
    }

    /** File ranges opened so far with the bulk decoder. */
    public int filesDecodedInBulk() {
        return bulkFiles;
    }

    /** File ranges opened so far with Iceberg's generic row reader. */
    public int filesReadGenerically() {
        return genericFiles;
    }

    public ScanTask task() {
        return task;
    }

    /** Releases the open file (and the decoder's scratch vectors), the vectors, the task's allocator and the storage lease, in that order. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeReader();
        } finally {
            try {
                root.close();
                allocator.close();
            } finally {
                storage.close();
                log.debug("Scan task {} of query {} on table {} closed after {} rows{}", task.taskId(),
                        task.queryId(), task.tableName(), rowsProduced, cancelled ? " (cancelled)" : "");
            }
        }
    }
}
