package io.sqe.planner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Tables in an in-memory catalog whose data files exist only as metadata: planning never opens data files, so
 * these tests describe files (sizes, partitions, min/max bounds, split offsets) instead of writing them.
 */
final class PlannerTestTables implements AutoCloseable {
    static final Map<String, String> STORAGE = Map.of(ScanTask.IO_IMPL, InMemoryFileIO.class.getName());

    static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "region", Types.StringType.get()),
            Types.NestedField.optional(3, "ts", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(4, "amount", Types.DecimalType.of(10, 2)),
            Types.NestedField.optional(5, "day", Types.DateType.get()));

    static final PartitionSpec PARTITIONED = PartitionSpec.builderFor(SCHEMA)
            .identity("region")
            .day("ts")
            .bucket("id", 4)
            .build();

    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final Namespace namespace = Namespace.of("ns_" + UUID.randomUUID().toString().replace('-', '_'));

    PlannerTestTables() {
        catalog.initialize("test", Map.of());
        catalog.createNamespace(namespace);
    }

    Table create(String name, PartitionSpec spec) {
        return catalog.createTable(TableIdentifier.of(namespace, name), SCHEMA, spec,
                Map.of(TableProperties.FORMAT_VERSION, "2"));
    }

    static DataFile dataFile(Table table, String partitionPath, long minId, long maxId, long size) {
        DataFiles.Builder builder = DataFiles.builder(table.spec())
                .withPath(table.location() + "/data/" + UUID.randomUUID() + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(size)
                .withMetrics(idMetrics(minId, maxId));
        if (!partitionPath.isEmpty()) {
            builder.withPartitionPath(partitionPath);
        }
        return builder.build();
    }

    static DataFile dataFileWithSplits(Table table, long size, List<Long> splitOffsets) {
        return DataFiles.builder(table.spec())
                .withPath(table.location() + "/data/" + UUID.randomUUID() + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(size)
                .withRecordCount(1000)
                .withSplitOffsets(splitOffsets)
                .build();
    }

    static DeleteFile positionDeletes(Table table, String partitionPath) {
        FileMetadata.Builder builder = FileMetadata.deleteFileBuilder(table.spec())
                .ofPositionDeletes()
                .withPath(table.location() + "/data/pos-" + UUID.randomUUID() + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(50)
                .withRecordCount(2);
        if (!partitionPath.isEmpty()) {
            builder.withPartitionPath(partitionPath);
        }
        return builder.build();
    }

    static DeleteFile equalityDeletes(Table table, String partitionPath) {
        FileMetadata.Builder builder = FileMetadata.deleteFileBuilder(table.spec())
                .ofEqualityDeletes(1)
                .withPath(table.location() + "/data/eq-" + UUID.randomUUID() + ".parquet")
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(60)
                .withRecordCount(1);
        if (!partitionPath.isEmpty()) {
            builder.withPartitionPath(partitionPath);
        }
        return builder.build();
    }

    private static Metrics idMetrics(long minId, long maxId) {
        ByteBuffer lower = Conversions.toByteBuffer(Types.LongType.get(), minId);
        ByteBuffer upper = Conversions.toByteBuffer(Types.LongType.get(), maxId);
        long rows = maxId - minId + 1;
        return new Metrics(rows, Map.of(1, 8 * rows), Map.of(1, rows), Map.of(1, 0L), Map.of(),
                Map.of(1, lower), Map.of(1, upper));
    }

    @Override
    public void close() {
        try {
            catalog.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
