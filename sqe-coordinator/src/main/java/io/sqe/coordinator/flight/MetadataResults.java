package io.sqe.coordinator.flight;

import static java.util.Objects.requireNonNull;

import io.sqe.core.engine.CatalogMetadata.SchemaEntry;
import io.sqe.core.engine.CatalogMetadata.TableEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds the result sets of the Flight SQL metadata commands in the layouts of
 * {@link org.apache.arrow.flight.sql.FlightSqlProducer.Schemas} and sends each as one batch.
 */
final class MetadataResults {
    static final List<String> TABLE_TYPES = List.of("SYSTEM TABLE", "TABLE", "VIEW");

    private final BufferAllocator allocator;

    MetadataResults(BufferAllocator allocator) {
        this.allocator = requireNonNull(allocator, "allocator is null");
    }

    void sendCatalogs(List<String> catalogs, ServerStreamListener listener) {
        List<String> sorted = catalogs.stream().sorted().toList();
        send(Schemas.GET_CATALOGS_SCHEMA, sorted.size(), listener, root -> {
            VarCharVector names = (VarCharVector) root.getVector("catalog_name");
            for (int row = 0; row < sorted.size(); row++) {
                setString(names, row, sorted.get(row));
            }
        });
    }

    void sendSchemas(List<SchemaEntry> schemas, ServerStreamListener listener) {
        List<SchemaEntry> sorted = schemas.stream()
                .sorted(Comparator.comparing(SchemaEntry::catalog).thenComparing(SchemaEntry::schema))
                .toList();
        send(Schemas.GET_SCHEMAS_SCHEMA, sorted.size(), listener, root -> {
            VarCharVector catalogs = (VarCharVector) root.getVector("catalog_name");
            VarCharVector names = (VarCharVector) root.getVector("db_schema_name");
            for (int row = 0; row < sorted.size(); row++) {
                setString(catalogs, row, sorted.get(row).catalog());
                setString(names, row, sorted.get(row).schema());
            }
        });
    }

    void sendTables(List<TableEntry> tables, boolean includeSchema, ServerStreamListener listener) {
        List<TableEntry> sorted = tables.stream()
                // The order Flight SQL prescribes for GetTables.
                .sorted(Comparator.comparing(TableEntry::catalog)
                        .thenComparing(TableEntry::schema)
                        .thenComparing(TableEntry::table)
                        .thenComparing(TableEntry::tableType))
                .toList();
        Schema schema = includeSchema ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
        send(schema, sorted.size(), listener, root -> {
            VarCharVector catalogs = (VarCharVector) root.getVector("catalog_name");
            VarCharVector schemas = (VarCharVector) root.getVector("db_schema_name");
            VarCharVector names = (VarCharVector) root.getVector("table_name");
            VarCharVector types = (VarCharVector) root.getVector("table_type");
            for (int row = 0; row < sorted.size(); row++) {
                TableEntry table = sorted.get(row);
                setString(catalogs, row, table.catalog());
                setString(schemas, row, table.schema());
                setString(names, row, table.table());
                setString(types, row, table.tableType());
                if (includeSchema) {
                    ((VarBinaryVector) root.getVector("table_schema")).setSafe(row, serialize(table.arrowSchema()));
                }
            }
        });
    }

    void sendTableTypes(ServerStreamListener listener) {
        send(Schemas.GET_TABLE_TYPES_SCHEMA, TABLE_TYPES.size(), listener, root -> {
            VarCharVector types = (VarCharVector) root.getVector("table_type");
            for (int row = 0; row < TABLE_TYPES.size(); row++) {
                setString(types, row, TABLE_TYPES.get(row));
            }
        });
    }

    void sendTypeInfo(Optional<Integer> dataType, ServerStreamListener listener) {
        List<XdbcType> types = XdbcType.SUPPORTED.stream()
                .filter(type -> dataType.isEmpty() || type.jdbcType() == dataType.get())
                .sorted(Comparator.comparingInt(XdbcType::jdbcType))
                .toList();
        send(Schemas.GET_TYPE_INFO_SCHEMA, types.size(), listener, root -> {
            for (int row = 0; row < types.size(); row++) {
                writeTypeInfo(root, row, types.get(row));
            }
        });
    }

    /** A result with {@code schema} and no rows (keys: SQE tables have no primary or foreign keys). */
    void sendEmpty(Schema schema, ServerStreamListener listener) {
        send(schema, 0, listener, root -> {});
    }

    /** Serialized Arrow IPC schema message, as Flight SQL clients expect in table_schema and dataset_schema. */
    static byte[] serialize(Schema schema) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            MessageSerializer.serialize(new WriteChannel(Channels.newChannel(output)), schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return output.toByteArray();
    }

    private void send(Schema schema, int rows, ServerStreamListener listener, Consumer<VectorSchemaRoot> filler) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            filler.accept(root);
            root.setRowCount(rows);
            listener.start(root);
            listener.putNext();
            listener.completed();
        }
    }

    private static void writeTypeInfo(VectorSchemaRoot root, int row, XdbcType type) {
        setString((VarCharVector) root.getVector("type_name"), row, type.name());
        ((IntVector) root.getVector("data_type")).setSafe(row, type.jdbcType());
        setInt(root, "column_size", row, type.columnSize());
        setOptionalString(root, "literal_prefix", row, type.literalPrefix());
        setOptionalString(root, "literal_suffix", row, type.literalSuffix());
        if (!type.createParams().isEmpty()) {
            UnionListWriter writer = ((ListVector) root.getVector("create_params")).getWriter();
            writer.setPosition(row);
            writer.startList();
            type.createParams().forEach(writer::writeVarChar);
            writer.endList();
        }
        ((IntVector) root.getVector("nullable")).setSafe(row, java.sql.DatabaseMetaData.typeNullable);
        ((BitVector) root.getVector("case_sensitive")).setSafe(row, type.caseSensitive() ? 1 : 0);
        ((IntVector) root.getVector("searchable")).setSafe(row, java.sql.DatabaseMetaData.typeSearchable);
        if (type.numeric()) {
            ((BitVector) root.getVector("unsigned_attribute")).setSafe(row, 0);
        }
        ((BitVector) root.getVector("fixed_prec_scale")).setSafe(row, 0);
        ((BitVector) root.getVector("auto_increment")).setSafe(row, 0);
        setString((VarCharVector) root.getVector("local_type_name"), row, type.name());
        setInt(root, "minimum_scale", row, type.minimumScale());
        setInt(root, "maximum_scale", row, type.maximumScale());
        ((IntVector) root.getVector("sql_data_type")).setSafe(row, type.jdbcType());
        setInt(root, "num_prec_radix", row, type.radix());
    }

    private static void setOptionalString(VectorSchemaRoot root, String column, int row, Optional<String> value) {
        value.ifPresent(text -> setString((VarCharVector) root.getVector(column), row, text));
    }

    private static void setInt(VectorSchemaRoot root, String column, int row, Optional<Integer> value) {
        value.ifPresent(number -> ((IntVector) root.getVector(column)).setSafe(row, number));
    }

    private static void setString(VarCharVector vector, int row, String value) {
        vector.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
    }
}
