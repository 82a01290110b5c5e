package io.sqe.catalog.write;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.SessionCatalog;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.OutputFileFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows into Parquet data files of an Iceberg table and commits them, the write path of INSERT and
 * CREATE TABLE AS.
 *
 * <p>Rows are {@code Object[]} in Calcite's internal representation (see
 * {@link io.sqe.catalog.calcite.TableScanner}), one value per table column in table-schema order. Files go into
 * the table's data location, one set per partition of the table's spec, rolling over at the target file size.
 *
 * <p>Every write commits exactly one snapshot, also when it has no rows: an INSERT that selects nothing still
 * adds an empty append snapshot, so "one statement, one snapshot" holds without exceptions, and a CREATE
 * TABLE AS with no rows creates the table with one empty snapshot.
 *
 * <p>Failures follow Iceberg's commit protocol. Before the commit, any failure deletes the files written so far
 * and is rethrown ({@link SqeException} as is, anything else as {@link ErrorCode#STORAGE_ERROR}). A rejected
 * commit ({@link CommitFailedException}) deletes the files and fails with {@link ErrorCode#COMMIT_FAILED}. An
 * unknown commit outcome ({@link CommitStateUnknownException}) deletes nothing, because the files may now belong
 * to the table, and fails with {@link ErrorCode#COMMIT_STATE_UNKNOWN}.
 */
public final class TableWriter {
    private static final Logger log = LoggerFactory.getLogger(TableWriter.class);

    public static final long DEFAULT_TARGET_FILE_SIZE_BYTES = 128L * 1024 * 1024;

    private final long targetFileSizeBytes;

    public TableWriter() {
        this(DEFAULT_TARGET_FILE_SIZE_BYTES);
    }

    public TableWriter(long targetFileSizeBytes) {
        if (targetFileSizeBytes <= 0) {
            throw new IllegalArgumentException("targetFileSizeBytes must be positive: " + targetFileSizeBytes);
        }
        this.targetFileSizeBytes = targetFileSizeBytes;
    }

    /** Data files written but not yet committed, with the number of rows in them. */
    public record WriteResult(List<DataFile> dataFiles, long rowCount) {
        public WriteResult {
            dataFiles = List.copyOf(dataFiles);
            if (rowCount < 0) {
                throw new IllegalArgumentException("rowCount is negative: " + rowCount);
            }
        }
    }

    /**
     * Writes the rows into new data files without committing them. On failure every file written so far is
     * deleted before the exception propagates.
     */
    public WriteResult write(Table table, Iterator<Object[]> rows) {
        requireNonNull(table, "table is null");
        requireNonNull(rows, "rows is null");
        TrackingFileIO io = new TrackingFileIO(table.io());
        try {
            return writeFiles(table, rows, io);
        } catch (IOException | RuntimeException e) {
            deleteFiles(io.delegate, io.createdLocations(), e);
            if (e instanceof SqeException) {
                throw (SqeException) e;
            }
            throw new SqeException(
                    ErrorCode.STORAGE_ERROR,
                    "Failed to write data files for table " + table.name() + ": " + e.getMessage(),
                    e);
        }
    }

    /** INSERT: writes the rows and appends them in one commit, which adds exactly one snapshot. */
    public long append(Table table, Iterator<Object[]> rows) {
        WriteResult result = write(table, rows);
        commit(table.io(), result, () -> {
            AppendFiles append = table.newAppend();
            result.dataFiles().forEach(append::appendFile);
            append.commit();
        }, table.name());
        log.info("Appended {} rows in {} files to {}", result.rowCount(), result.dataFiles().size(), table.name());
        return result.rowCount();
    }

    /**
     * CREATE TABLE AS: creates the table and adds the rows in one atomic commit. If anything fails before the
     * commit, the table does not exist afterwards and the written files are deleted.
     */
    public long createTableAsSelect(
            SessionCatalog catalog,
            String schema,
            String table,
            Schema tableSchema,
            PartitionSpec spec,
            Iterator<Object[]> rows) {
        requireNonNull(catalog, "catalog is null");
        Transaction transaction = catalog.newCreateTableTransaction(schema, table, tableSchema, spec);
        Table pending = transaction.table();
        WriteResult result = write(pending, rows);
        String name = catalog.qualifiedName(schema, table);
        try {
            commit(pending.io(), result, () -> {
                AppendFiles append = transaction.newAppend();
                result.dataFiles().forEach(append::appendFile);
                append.commit();
                transaction.commitTransaction();
            }, name);
        } catch (AlreadyExistsException e) {
            // commit() already deleted the files: another statement created the table first.
            deleteSnapshotFiles(pending, e);
            throw catalog.tableAlreadyExists(schema, table, e);
        } catch (SqeException e) {
            if (e.errorCode() != ErrorCode.COMMIT_STATE_UNKNOWN) {
                deleteSnapshotFiles(pending, e);
            }
            throw e;
        }
        log.info("Created {} with {} rows in {} files", name, result.rowCount(), result.dataFiles().size());
        return result.rowCount();
    }

    private WriteResult writeFiles(Table table, Iterator<Object[]> rows, FileIO io) throws IOException {
        Schema schema = table.schema();
        PartitionSpec spec = table.spec();
        RecordConverter converter = new RecordConverter(schema);
        GenericFileWriterFactory writerFactory = new GenericFileWriterFactory.Builder(table)
                .dataFileFormat(FileFormat.PARQUET)
                .build();
        OutputFileFactory fileFactory = OutputFileFactory.builderFor(table, 1, 0)
                .format(FileFormat.PARQUET)
                .operationId(UUID.randomUUID().toString())
                .ioSupplier(() -> io)
                .build();
        PartitionKey partitionKey = new PartitionKey(spec, schema);
        InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
        FanoutDataWriter<Record> writer =
                new FanoutDataWriter<>(writerFactory, fileFactory, io, targetFileSizeBytes);
        long rowCount = 0;
        try (writer) {
            while (rows.hasNext()) {
                Record record = converter.toRecord(rows.next());
                partitionKey.partition(wrapper.wrap(record));
                writer.write(record, spec, partitionKey);
                rowCount++;
            }
        }
        DataWriteResult result = writer.result();
        return new WriteResult(result.dataFiles(), rowCount);
    }

    private void commit(FileIO io, WriteResult result, Runnable commit, String tableName) {
        try {
            commit.run();
        } catch (CommitStateUnknownException e) {
            throw new SqeException(
                    ErrorCode.COMMIT_STATE_UNKNOWN,
                    "The commit to " + tableName + " may or may not have succeeded; check the table before "
                            + "retrying, its new data files were kept",
                    e);
        } catch (CommitFailedException e) {
            deleteFiles(io, locations(result), e);
            throw new SqeException(
                    ErrorCode.COMMIT_FAILED,
                    "The commit to " + tableName + " failed: " + e.getMessage() + "; nothing was written, retry",
                    e);
        } catch (AlreadyExistsException e) {
            deleteFiles(io, locations(result), e);
            throw e;
        } catch (RuntimeException e) {
            deleteFiles(io, locations(result), e);
            if (e instanceof SqeException) {
                throw e;
            }
            throw new SqeException(
                    ErrorCode.COMMIT_FAILED,
                    "The commit to " + tableName + " failed: " + e.getMessage() + "; nothing was written",
                    e);
        }
    }

    /**
     * Deletes the manifests and manifest list of the snapshot a failed create transaction would have added. Iceberg
     * cleans them up itself only for some failures: with a REST catalog (strict cleanup) a lost create race
     * ({@link AlreadyExistsException}) leaves them behind.
     */
    private static void deleteSnapshotFiles(Table pending, Throwable failure) {
        Snapshot snapshot = pending.currentSnapshot();
        if (snapshot == null) {
            return;
        }
        List<String> locations = new ArrayList<>();
        try {
            snapshot.allManifests(pending.io()).forEach(manifest -> locations.add(manifest.path()));
        } catch (RuntimeException e) {
            // Iceberg already deleted the manifest list, and with it the manifests
        }
        if (snapshot.manifestListLocation() != null) {
            locations.add(snapshot.manifestListLocation());
        }
        deleteFiles(pending.io(), locations, failure);
    }

    private static List<String> locations(WriteResult result) {
        return result.dataFiles().stream().map(DataFile::location).toList();
    }

    /** Best effort: a file that cannot be deleted is logged and recorded on the failure, never thrown. */
    private static void deleteFiles(FileIO io, List<String> locations, Throwable failure) {
        for (String location : locations) {
            try {
                io.deleteFile(location);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
                log.warn("Could not delete orphan data file {}", location, e);
            }
        }
    }

    /** Records every file created through it, so a failed write can delete even files it never finished. */
    private static final class TrackingFileIO implements FileIO {
        private final FileIO delegate;
        private final List<String> created = new ArrayList<>();

        TrackingFileIO(FileIO delegate) {
            this.delegate = requireNonNull(delegate, "delegate is null");
        }

        synchronized List<String> createdLocations() {
            return List.copyOf(created);
        }

        @Override
        public InputFile newInputFile(String location) {
            return delegate.newInputFile(location);
        }

        @Override
        public OutputFile newOutputFile(String location) {
            synchronized (this) {
                created.add(location);
            }
            return delegate.newOutputFile(location);
        }

        @Override
        public void deleteFile(String location) {
            delegate.deleteFile(location);
        }

        @Override
        public Map<String, String> properties() {
            return delegate.properties();
        }

        @Override
        public void close() {
            // The table owns the delegate.
        }
    }
}
