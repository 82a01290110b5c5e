package io.sqe.worker;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.ScanTask;
import io.sqe.worker.filter.RowFilter;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PartitionUtil;

/**
 * Reads the rows of one data-file range as Iceberg generic records: columns matched by field id (or through the
 * table's name mapping for files without ids), identity-partition values supplied from metadata, position and
 * equality deletes applied, and the residual filter evaluated row by row ({@link RowFilter}: SQL's null semantics,
 * like the bulk decoder's vectorized filter). Every storage failure surfaces as
 * {@link ErrorCode#STORAGE_ERROR} naming the data file.
 */
final class FileTaskReader implements AutoCloseable {
    private static final int MAX_DETAIL_LENGTH = 200;

    private final ScanTask task;
    private final FileScanTask file;
    private final CloseableIterator<Record> records;
    private final int[] outputPositions;

    FileTaskReader(ScanTask task, FileScanTask file, FileIO io) {
        this.task = requireNonNull(task, "task is null");
        this.file = requireNonNull(file, "file is null");
        requireNonNull(io, "io is null");
        if (file.file().format() != FileFormat.PARQUET) {
            throw new SqeException(ErrorCode.NOT_SUPPORTED, "Data file " + file.file().location() + " of table "
                    + task.tableName() + " is in " + file.file().format() + " format; SQE reads only Parquet files.");
        }
        Schema tableSchema = task.schema();
        Expression residual = file.residual() == null ? Expressions.alwaysTrue() : file.residual();
        Set<Integer> neededIds = new HashSet<>(task.projectedFieldIds());
        neededIds.addAll(Binder.boundReferences(tableSchema.asStruct(), List.of(residual), true));
        Schema requested = TypeUtil.select(tableSchema, neededIds);

        try {
            GenericDeleteFilter deletes = new GenericDeleteFilter(io, file, tableSchema, requested);
            Schema readSchema = deletes.requiredSchema();
            this.outputPositions = outputPositions(readSchema, task.projectedFieldIds());

            CloseableIterable<Record> rows = open(io, readSchema, residual);
            rows = deletes.filter(rows);
            if (!residual.equals(Expressions.alwaysTrue())) {
                InternalRecordWrapper wrapper = new InternalRecordWrapper(readSchema.asStruct());
                RowFilter filter = new RowFilter(readSchema.asStruct(), residual);
                rows = CloseableIterable.filter(rows, row -> filter.test(wrapper.wrap(row)));
            }
            this.records = rows.iterator();
        } catch (SqeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw storageError(e);
        }
    }

    private CloseableIterable<Record> open(FileIO io, Schema readSchema, Expression residual) {
        Map<Integer, ?> constants = PartitionUtil.constantsMap(file, IdentityPartitionConverters::convertConstant);
        Parquet.ReadBuilder builder = Parquet.read(io.newInputFile(file.file().location(), file.file().fileSizeInBytes()))
                .project(readSchema)
                .split(file.start(), file.length())
                .caseSensitive(true)
                .filter(residual)
                .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(readSchema, fileSchema, constants));
        task.nameMapping().ifPresent(builder::withNameMapping);
        return builder.build();
    }

    private int[] outputPositions(Schema readSchema, List<Integer> projectedFieldIds) {
        List<Types.NestedField> columns = readSchema.columns();
        int[] positions = new int[projectedFieldIds.size()];
        for (int output = 0; output < positions.length; output++) {
            int fieldId = projectedFieldIds.get(output);
            positions[output] = -1;
            for (int column = 0; column < columns.size(); column++) {
                if (columns.get(column).fieldId() == fieldId) {
                    positions[output] = column;
                }
            }
            if (positions[output] < 0) {
                throw new SqeException(ErrorCode.INTERNAL_ERROR, "Projected field id " + fieldId
                        + " is missing from the read schema of table " + task.tableName());
            }
        }
        return positions;
    }

    /** The next surviving row, or null at the end of the range. */
    Record next() {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (SqeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw storageError(e);
        }
    }

    /** The data file being read, for messages. */
    String location() {
        return file.file().location();
    }

    /** Where output column {@code output} sits in the records this reader returns. */
    int position(int output) {
        return outputPositions[output];
    }

    private SqeException storageError(RuntimeException e) {
        String detail = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        if (detail.length() > MAX_DETAIL_LENGTH) {
            detail = detail.substring(0, MAX_DETAIL_LENGTH) + "...";
        }
        return new SqeException(ErrorCode.STORAGE_ERROR, "Cannot read data file " + file.file().location()
                + " (or its delete files) of table " + task.tableName() + ": " + e.getClass().getSimpleName()
                + (detail.isEmpty() ? "" : ": " + detail), e);
    }

    @Override
    public void close() {
        try {
            records.close();
        } catch (IOException e) {
            throw new SqeException(ErrorCode.STORAGE_ERROR,
                    "Cannot close data file " + file.file().location() + " of table " + task.tableName(), e);
        }
    }
}
