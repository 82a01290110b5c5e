package io.sqe.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.TypeUtil;

/**
 * Iceberg tables in an in-memory catalog, with real Parquet data and delete files written by Iceberg's generic
 * writers. InMemoryFileIO keeps files in a static map, so a FileIO the worker builds from
 * {@link #STORAGE} sees them.
 */
@SuppressWarnings("deprecation") // GenericAppenderFactory is the simplest way to write test data.
final class WorkerTestTables implements AutoCloseable {
    static final Map<String, String> STORAGE = Map.of("io-impl", InMemoryFileIO.class.getName());

    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final Namespace namespace = Namespace.of("ns_" + UUID.randomUUID().toString().replace('-', '_'));

    WorkerTestTables() {
        catalog.initialize("test", Map.of());
        catalog.createNamespace(namespace);
    }

    Table create(String name, Schema schema, PartitionSpec spec) {
        return catalog.createTable(TableIdentifier.of(namespace, name), schema, spec,
                Map.of(TableProperties.FORMAT_VERSION, "2"));
    }

    static Record record(Schema schema, Object... values) {
        GenericRecord record = GenericRecord.create(schema);
        for (int i = 0; i < values.length; i++) {
            record.set(i, values[i]);
        }
        return record;
    }

    /** Writes the records into one data file per partition, in order, and returns the files (not yet committed). */
    static List<DataFile> writeDataFiles(Table table, List<Record> records) {
        PartitionKey key = new PartitionKey(table.spec(), table.schema());
        InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
        Map<PartitionKey, List<Record>> byPartition = new LinkedHashMap<>();
        for (Record record : records) {
            key.partition(wrapper.wrap(record));
            byPartition.computeIfAbsent(key.copy(), ignored -> new ArrayList<>()).add(record);
        }
        List<DataFile> files = new ArrayList<>();
        GenericAppenderFactory factory = new GenericAppenderFactory(table.schema(), table.spec());
        for (Map.Entry<PartitionKey, List<Record>> partition : byPartition.entrySet()) {
            PartitionKey partitionKey = table.spec().isPartitioned() ? partition.getKey() : null;
            DataWriter<Record> writer = factory.newDataWriter(newFile(table, "data"), FileFormat.PARQUET, partitionKey);
            try (writer) {
                for (Record record : partition.getValue()) {
                    writer.write(record);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.add(writer.toDataFile());
        }
        return files;
    }

    static DataFile append(Table table, List<Record> records) {
        List<DataFile> files = writeDataFiles(table, records);
        var append = table.newAppend();
        files.forEach(append::appendFile);
        append.commit();
        return files.get(0);
    }

    static DeleteFile positionDeletes(Table table, DataFile dataFile, StructLike partition, long... positions) {
        GenericAppenderFactory factory = new GenericAppenderFactory(table.schema(), table.spec());
        PositionDeleteWriter<Record> writer = factory.newPosDeleteWriter(newFile(table, "pos"), FileFormat.PARQUET,
                partition);
        try (writer) {
            for (long position : positions) {
                writer.write(PositionDelete.<Record>create().set(dataFile.location(), position));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toDeleteFile();
    }

    static DeleteFile equalityDeletes(Table table, int fieldId, StructLike partition, Object... values) {
        Schema deleteSchema = TypeUtil.select(table.schema(), java.util.Set.of(fieldId));
        GenericAppenderFactory factory = new GenericAppenderFactory(table.schema(), table.spec(),
                new int[] {fieldId}, deleteSchema, null);
        EqualityDeleteWriter<Record> writer = factory.newEqDeleteWriter(newFile(table, "eq"), FileFormat.PARQUET,
                partition);
        try (writer) {
            for (Object value : values) {
                writer.write(record(deleteSchema, value));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toDeleteFile();
    }

    private static EncryptedOutputFile newFile(Table table, String kind) {
        String path = table.location() + "/data/" + kind + "-" + UUID.randomUUID() + ".parquet";
        return EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(path));
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
