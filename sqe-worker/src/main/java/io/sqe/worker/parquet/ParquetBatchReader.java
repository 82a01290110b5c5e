package io.sqe.worker.parquet;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.ScanTask;
import io.sqe.planner.types.ArrowSchemas;
import io.sqe.worker.ColumnWriter;
import io.sqe.worker.filter.DictionaryIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.parquet.ParquetBloomRowGroupFilter;
import org.apache.iceberg.parquet.ParquetDictionaryRowGroupFilter;
import org.apache.iceberg.parquet.ParquetMetricsRowGroupFilter;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PartitionUtil;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads one data-file range of a scan task straight into the task's Arrow vectors: the row groups of the range
 * (parquet-java's midpoint rule, as Iceberg's reader applies it), minus those Iceberg's statistics, dictionary and
 * bloom filters rule out for the parts of the residual they decide ({@link RowGroupPredicates}); columns matched
 * by field id, or through the table's name mapping; identity-partition values from metadata; missing columns
 * null; the residual evaluated on every decoded run ({@link ResidualFilter}; string predicates by dictionary id
 * where the pages are dictionary-encoded).
 *
 * <p>{@link #open} throws {@link UnsupportedFileException} for files it does not decode, before producing any row.
 * Not thread-safe. Failures surface as {@code STORAGE_ERROR} naming the data file.
 */
public final class ParquetBatchReader implements AutoCloseable {
    private static final Set<Encoding> SUPPORTED_ENCODINGS = EnumSet.of(Encoding.PLAIN, Encoding.PLAIN_DICTIONARY,
            Encoding.RLE_DICTIONARY, Encoding.RLE, Encoding.BIT_PACKED);
    private static final int MAX_DETAIL_LENGTH = 200;

    private final ScanTask task;
    private final FileScanTask file;
    private final ParquetFileReader reader;
    private final List<BlockMetaData> blocks;
    private final List<Integer> rowGroups;
    private final List<DecodedColumn> decoded;
    private final List<ConstantColumn> constants;
    private final List<NullColumn> nulls;
    private final List<FieldVector> scratch;
    private final Optional<ResidualFilter> filter;
    private int nextRowGroup;
    private long rowGroupRemaining;
    private PageReadStore rowGroup;

    private ParquetBatchReader(Builder builder) {
        this.task = builder.task;
        this.file = builder.file;
        this.reader = builder.reader;
        this.blocks = builder.footer.getBlocks();
        this.rowGroups = List.copyOf(builder.rowGroups);
        this.decoded = List.copyOf(builder.decoded);
        this.constants = List.copyOf(builder.constants);
        this.nulls = List.copyOf(builder.nulls);
        this.scratch = List.copyOf(builder.scratch);
        this.filter = builder.filter;
    }

    /**
     * Opens a file range for decoding into {@code outputs} (the task's projected columns, in order).
     *
     * @param residuals the task's residuals, shared by the readers of its files
     * @throws UnsupportedFileException when the file needs the generic path; nothing is left open then
     * @throws SqeException {@code STORAGE_ERROR} when the file cannot be read
     */
    public static ParquetBatchReader open(ScanTask task, TaskResiduals residuals, FileScanTask file, FileIO io,
            FooterCache footers, List<FieldVector> outputs, BufferAllocator allocator, int batchSize)
            throws UnsupportedFileException {
        requireNonNull(task, "task is null");
        requireNonNull(residuals, "residuals is null");
        requireNonNull(file, "file is null");
        requireNonNull(io, "io is null");
        requireNonNull(footers, "footers is null");
        requireNonNull(outputs, "outputs is null");
        requireNonNull(allocator, "allocator is null");
        if (file.file().format() != FileFormat.PARQUET) {
            throw new UnsupportedFileException("the file is in " + file.file().format() + " format");
        }
        if (!file.deletes().isEmpty()) {
            throw new UnsupportedFileException("the file has " + file.deletes().size() + " delete files");
        }
        Builder builder = new Builder(task, residuals.of(file.residual()), file, outputs, allocator, batchSize);
        builder.requireFlatColumns();
        try {
            builder.openFile(io, footers);
            builder.resolveColumns();
            builder.selectRowGroups();
            builder.createFilter();
            return new ParquetBatchReader(builder);
        } catch (UnsupportedFileException | RuntimeException e) {
            builder.closeQuietly();
            if (e instanceof SqeException || e instanceof UnsupportedFileException) {
                throw e;
            }
            throw storageError(task, file, (RuntimeException) e);
        } catch (IOException e) {
            builder.closeQuietly();
            throw storageError(task, file, new UncheckedIOException(e));
        }
    }

    /**
     * Decodes up to {@code maxRows} rows into the output vectors at rows {@code [offset, ...)}, filters them with the
     * residual, and returns how many rows remain there; 0 when the filter removed them all, -1 at the end of the
     * range.
     */
    public int read(int offset, int maxRows) {
        try {
            while (rowGroupRemaining == 0) {
                if (!nextRowGroup()) {
                    return -1;
                }
            }
            int count = (int) Math.min(maxRows, rowGroupRemaining);
            for (DecodedColumn column : decoded) {
                column.decoder.decode(column.vector, column.projected ? offset : 0, count);
            }
            for (ConstantColumn column : constants) {
                int base = column.projected ? offset : 0;
                for (int i = 0; i < count; i++) {
                    column.writer.write(base + i, column.value);
                }
            }
            for (NullColumn column : nulls) {
                VectorRuns.writeNulls(column.vector, column.projected ? offset : 0, count);
            }
            rowGroupRemaining -= count;
            return filter.isPresent() ? filter.get().apply(offset, count) : count;
        } catch (SqeException | OutOfMemoryException e) {
            // not a storage problem: the engine's own error, or the query's memory limit
            throw e;
        } catch (RuntimeException e) {
            throw storageError(task, file, e);
        }
    }

    private boolean nextRowGroup() {
        closeRowGroup();
        if (nextRowGroup >= rowGroups.size()) {
            return false;
        }
        int index = rowGroups.get(nextRowGroup++);
        rowGroupRemaining = blocks.get(index).getRowCount();
        if (!decoded.isEmpty()) {
            try {
                rowGroup = reader.readRowGroup(index);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (DecodedColumn column : decoded) {
                column.decoder.startRowGroup(rowGroup.getPageReader(column.descriptor));
            }
        }
        return true;
    }

    /** The row groups this range decodes, after the split and the row-group filters. */
    public int rowGroupCount() {
        return rowGroups.size();
    }

    private void closeRowGroup() {
        if (rowGroup != null) {
            PageReadStore current = rowGroup;
            rowGroup = null;
            current.close();
        }
    }

    @Override
    public void close() {
        try {
            closeRowGroup();
        } finally {
            scratch.forEach(FieldVector::close);
            try {
                reader.close();
            } catch (IOException e) {
                throw new SqeException(ErrorCode.STORAGE_ERROR, "Cannot close data file " + file.file().location()
                        + " of table " + task.tableName(), e);
            }
        }
    }

    static SqeException storageError(ScanTask task, FileScanTask file, RuntimeException e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String detail = cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("");
        if (detail.length() > MAX_DETAIL_LENGTH) {
            detail = detail.substring(0, MAX_DETAIL_LENGTH) + "...";
        }
        return new SqeException(ErrorCode.STORAGE_ERROR, "Cannot read data file " + file.file().location()
                + " of table " + task.tableName() + ": " + cause.getClass().getSimpleName()
                + (detail.isEmpty() ? "" : ": " + detail), e);
    }

    private record DecodedColumn(FieldVector vector, boolean projected, ColumnDescriptor descriptor,
            ColumnChunkDecoder decoder) {}

    private record ConstantColumn(FieldVector vector, boolean projected, ColumnWriter writer, Object value) {}

    private record NullColumn(FieldVector vector, boolean projected) {}

    /** Collects what {@link #open} decides about a file; owns the open file and scratch vectors until then. */
    private static final class Builder {
        private final ScanTask task;
        private final FileScanTask file;
        private final List<FieldVector> outputs;
        private final BufferAllocator allocator;
        private final int batchSize;
        private final TaskResiduals.Prepared residual;
        private final Schema requested;
        private final List<Integer> rowGroups = new ArrayList<>();
        private final List<DecodedColumn> decoded = new ArrayList<>();
        private final List<ConstantColumn> constants = new ArrayList<>();
        private final List<NullColumn> nulls = new ArrayList<>();
        private final List<FieldVector> scratch = new ArrayList<>();
        // String columns of the residual whose decoders keep dictionary ids, by position.
        private final Map<Integer, DictionaryIds> dictionaries = new HashMap<>();
        // Per position of the requested schema: the vector holding it and whether it is an output vector.
        private final FieldVector[] vectors;
        private final boolean[] projected;
        private ParquetFileReader reader;
        private ParquetMetadata footer;
        private MessageType typeWithIds;
        private Optional<ResidualFilter> filter = Optional.empty();

        private Builder(ScanTask task, TaskResiduals.Prepared residual, FileScanTask file, List<FieldVector> outputs,
                BufferAllocator allocator, int batchSize) {
            this.task = task;
            this.file = file;
            this.outputs = List.copyOf(outputs);
            this.allocator = allocator;
            this.batchSize = batchSize;
            this.residual = residual;
            this.requested = residual.requested;
            this.vectors = new FieldVector[requested.columns().size()];
            this.projected = new boolean[vectors.length];
        }

        private void requireFlatColumns() throws UnsupportedFileException {
            for (Types.NestedField field : requested.columns()) {
                if (!field.type().isPrimitiveType()) {
                    throw new UnsupportedFileException("column " + field.name() + " is nested");
                }
            }
        }

        private void openFile(FileIO io, FooterCache footers) throws IOException {
            ParquetInputFile input = new ParquetInputFile(
                    io.newInputFile(file.file().location(), file.file().fileSizeInBytes()));
            // A plain configuration: the default builds a Hadoop Configuration per file.
            PlainParquetConfiguration conf = new PlainParquetConfiguration();
            ParquetReadOptions options = ParquetReadOptions.builder(conf)
                    .withCodecFactory(new PageCodecs(conf))
                    .build();
            SeekableInputStream stream = input.newStream();
            try {
                footer = footers.get(file.file().location(), file.file().fileSizeInBytes(),
                        () -> ParquetFileReader.readFooter(input, options, stream));
                reader = ParquetFileReader.open(input, footer, options, stream);
            } catch (IOException | RuntimeException e) {
                stream.close();
                throw e;
            }
        }

        private void resolveColumns() throws UnsupportedFileException {
            MessageType fileSchema = footer.getFileMetaData().getSchema();
            if (ParquetSchemaUtil.hasIds(fileSchema)) {
                typeWithIds = fileSchema;
            } else if (task.nameMapping().isPresent()) {
                typeWithIds = ParquetSchemaUtil.applyNameMapping(fileSchema, task.nameMapping().get());
            } else {
                // The generic path reads by position then, and reports mismatched types with a hint.
                throw new UnsupportedFileException("the file has no field ids and the table no name mapping");
            }
            Map<Integer, ?> partitionValues =
                    PartitionUtil.constantsMap(file, IdentityPartitionConverters::convertConstant);
            List<Types.NestedField> columns = requested.columns();
            List<ColumnDescriptor> descriptors = new ArrayList<>();
            for (int position = 0; position < columns.size(); position++) {
                Types.NestedField field = columns.get(position);
                int output = task.projectedFieldIds().indexOf(field.fieldId());
                projected[position] = output >= 0;
                vectors[position] = output >= 0 ? outputs.get(output) : scratchVector(field);
                FieldVector vector = vectors[position];
                if (partitionValues.containsKey(field.fieldId())) {
                    constants.add(new ConstantColumn(vector, projected[position], ColumnWriter.create(field, vector),
                            partitionValues.get(field.fieldId())));
                    continue;
                }
                Optional<Type> fileColumn = fileColumn(field.fieldId());
                if (fileColumn.isEmpty()) {
                    if (field.initialDefault() != null || field.isRequired()) {
                        throw new UnsupportedFileException("column " + field.name() + " is missing from the file"
                                + " and has a default or is required");
                    }
                    nulls.add(new NullColumn(vector, projected[position]));
                    continue;
                }
                Type type = fileColumn.get();
                if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
                    throw new UnsupportedFileException("column " + field.name() + " is not flat in the file");
                }
                PrimitiveType primitive = type.asPrimitiveType();
                ValueConversion conversion = ValueConversion.forColumn(field.type(), primitive)
                        .orElseThrow(() -> new UnsupportedFileException("column " + field.name() + " of type "
                                + field.type() + " is stored as " + primitive));
                ColumnDescriptor descriptor = fileSchema.getColumnDescription(new String[] {type.getName()});
                ColumnChunkDecoder decoder = new ColumnChunkDecoder(descriptor, conversion);
                if (field.type().typeId() == org.apache.iceberg.types.Type.TypeID.STRING
                        && conversion == ValueConversion.BINARY && residual.residualIds.contains(field.fieldId())) {
                    decoder.captureIds();
                    dictionaries.put(position, decoder);
                }
                decoded.add(new DecodedColumn(vector, projected[position], descriptor, decoder));
                descriptors.add(descriptor);
            }
            reader.setRequestedSchema(descriptors);
        }

        private Optional<Type> fileColumn(int fieldId) {
            for (Type type : typeWithIds.getFields()) {
                if (type.getId() != null && type.getId().intValue() == fieldId) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }

        private FieldVector scratchVector(Types.NestedField field) {
            FieldVector vector = ArrowSchemas.toArrowField(field).createVector(allocator);
            scratch.add(vector);
            vector.setInitialCapacity(batchSize);
            vector.allocateNew();
            return vector;
        }

        private void selectRowGroups() throws UnsupportedFileException {
            ParquetMetricsRowGroupFilter statistics = residual.statistics;
            ParquetDictionaryRowGroupFilter dictionaries = residual.dictionaries;
            ParquetBloomRowGroupFilter blooms = residual.blooms;
            long start = file.start();
            long end = start + file.length();
            List<BlockMetaData> blocks = footer.getBlocks();
            for (int index = 0; index < blocks.size(); index++) {
                BlockMetaData block = blocks.get(index);
                // parquet-java's range rule, which Iceberg's reader uses through ParquetReadOptions.withRange.
                long midpoint = block.getStartingPos() + block.getCompressedSize() / 2;
                if (midpoint < start || midpoint >= end) {
                    continue;
                }
                if (statistics != null && !statistics.shouldRead(typeWithIds, block)
                        || dictionaries != null
                                && !dictionaries.shouldRead(typeWithIds, block, reader.getDictionaryReader(block))
                        || blooms != null
                                && !blooms.shouldRead(typeWithIds, block, reader.getBloomFilterDataReader(block))) {
                    continue;
                }
                requireSupportedEncodings(block);
                rowGroups.add(index);
            }
        }

        private void requireSupportedEncodings(BlockMetaData block) throws UnsupportedFileException {
            for (DecodedColumn column : decoded) {
                ColumnPath path = ColumnPath.get(column.descriptor().getPath());
                ColumnChunkMetaData chunk = block.getColumns().stream()
                        .filter(candidate -> candidate.getPath().equals(path))
                        .findFirst()
                        .orElseThrow(() -> new UnsupportedFileException("a row group has no chunk for column "
                                + path.toDotString()));
                for (Encoding encoding : chunk.getEncodings()) {
                    if (!SUPPORTED_ENCODINGS.contains(encoding)) {
                        throw new UnsupportedFileException("column " + path.toDotString() + " uses encoding "
                                + encoding);
                    }
                }
            }
        }

        private void createFilter() {
            if (residual.filter != null) {
                filter = Optional.of(new ResidualFilter(residual.filter, vectors, projected, outputs, dictionaries));
            }
        }

        private void closeQuietly() {
            scratch.forEach(FieldVector::close);
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException | RuntimeException e) {
                    // The open already failed or fell back; that is what the caller hears about.
                }
            }
        }
    }
}
