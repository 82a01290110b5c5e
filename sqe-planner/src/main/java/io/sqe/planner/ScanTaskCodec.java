package io.sqe.planner;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.aggregation.ScanAggregation;
import io.sqe.planner.aggregation.ScanAggregationJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ContentFileParser;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionParser;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.util.JsonUtil;

/**
 * The wire form of a {@link ScanTask}: UTF-8 JSON built from Iceberg's own parsers for schemas, partition specs,
 * content files and expressions. The schema and specs are written once per task, not once per file.
 *
 * <p>Layout (format version 2):
 * <pre>{@code
 * {"format-version": 1, "query-id": "...", "task-id": 0, "table-name": "...",
 *  "schema": {...}, "projected-field-ids": [1, 2], "partition-specs": [{...}],
 *  "files": [{"data-file": {...}, "start": 4, "length": 1024, "delete-files": [{...}], "residual": {...}}],
 *  "limit": 10, "name-mapping": [...], "storage-properties": {"io-impl": "..."}, "aggregation": {...}}
 * }</pre>
 * {@code limit}, {@code name-mapping} and {@code aggregation} ({@link ScanAggregationJson}) are omitted when absent. Specs and storage properties are written in key
 * order, so equal tasks encode to equal bytes. A reader rejects any other format version.
 *
 * <p>Content files lose their sequence numbers on the way (Iceberg's content-file JSON omits them). Readers do not
 * need them: planning has already matched each data file with the delete files that apply to it.
 */
public final class ScanTaskCodec {
    private static final String FORMAT_VERSION = "format-version";
    private static final String QUERY_ID = "query-id";
    private static final String TASK_ID = "task-id";
    private static final String TABLE_NAME = "table-name";
    private static final String SCHEMA = "schema";
    private static final String PROJECTED_FIELD_IDS = "projected-field-ids";
    private static final String PARTITION_SPECS = "partition-specs";
    private static final String FILES = "files";
    private static final String DATA_FILE = "data-file";
    private static final String START = "start";
    private static final String LENGTH = "length";
    private static final String DELETE_FILES = "delete-files";
    private static final String RESIDUAL = "residual";
    private static final String LIMIT = "limit";
    private static final String NAME_MAPPING = "name-mapping";
    private static final String STORAGE_PROPERTIES = "storage-properties";
    private static final String AGGREGATION = "aggregation";

    private static final int MAX_DETAIL_LENGTH = 300;

    private ScanTaskCodec() {}

    public static byte[] encode(ScanTask task) {
        requireNonNull(task, "task is null");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JsonUtil.factory().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeNumberField(FORMAT_VERSION, task.formatVersion());
            generator.writeStringField(QUERY_ID, task.queryId());
            generator.writeNumberField(TASK_ID, task.taskId());
            generator.writeStringField(TABLE_NAME, task.tableName());
            generator.writeFieldName(SCHEMA);
            SchemaParser.toJson(task.schema(), generator);

            generator.writeArrayFieldStart(PROJECTED_FIELD_IDS);
            for (int fieldId : task.projectedFieldIds()) {
                generator.writeNumber(fieldId);
            }
            generator.writeEndArray();

            generator.writeArrayFieldStart(PARTITION_SPECS);
            for (PartitionSpec spec : new TreeMap<>(task.partitionSpecs()).values()) {
                PartitionSpecParser.toJson(spec, generator);
            }
            generator.writeEndArray();

            generator.writeArrayFieldStart(FILES);
            // The files of an unpartitioned table share one residual, which may hold a join's 30,000-key IN list:
            // bind and write it once.
            Map<Expression, String> residuals = new IdentityHashMap<>();
            for (FileScanTask file : task.files()) {
                writeFile(file, task.schema(), task.partitionSpecs(), residuals, generator);
            }
            generator.writeEndArray();

            if (task.limit().isPresent()) {
                generator.writeNumberField(LIMIT, task.limit().getAsLong());
            }
            if (task.nameMapping().isPresent()) {
                generator.writeFieldName(NAME_MAPPING);
                generator.writeTree(JsonUtil.mapper().readTree(NameMappingParser.toJson(task.nameMapping().get())));
            }

            generator.writeObjectFieldStart(STORAGE_PROPERTIES);
            for (Map.Entry<String, String> property : new TreeMap<>(task.storageProperties()).entrySet()) {
                generator.writeStringField(property.getKey(), property.getValue());
            }
            generator.writeEndObject();
            if (task.aggregation().isPresent()) {
                generator.writeFieldName(AGGREGATION);
                ScanAggregationJson.write(task.aggregation().get(), generator);
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode scan task " + task.taskId() + " of query " + task.queryId(), e);
        }
        return out.toByteArray();
    }

    private static void writeFile(
            FileScanTask file, Schema schema, Map<Integer, PartitionSpec> specs, Map<Expression, String> residuals,
            JsonGenerator generator) throws IOException {
        generator.writeStartObject();
        generator.writeFieldName(DATA_FILE);
        ContentFileParser.toJson(file.file(), specs.get(file.file().specId()), generator);
        generator.writeNumberField(START, file.start());
        generator.writeNumberField(LENGTH, file.length());
        generator.writeArrayFieldStart(DELETE_FILES);
        for (DeleteFile delete : file.deletes()) {
            ContentFileParser.toJson(delete, specs.get(delete.specId()), generator);
        }
        generator.writeEndArray();
        Expression residual = file.residual() == null ? Expressions.alwaysTrue() : file.residual();
        generator.writeFieldName(RESIDUAL);
        // Bound, every literal is written in its column's type, so the schema-aware reader gets it back exactly,
        // whether it was planned as the string "2024-03-01" or decoded earlier as the typed date.
        generator.writeRawValue(residuals.computeIfAbsent(residual,
                unbound -> ExpressionParser.toJson(Binder.bind(schema.asStruct(), unbound, true))));
        generator.writeEndObject();
    }

    /**
     * Decodes a task, rejecting unknown format versions and malformed input with
     * {@link ErrorCode#INVALID_REQUEST}.
     */
    public static ScanTask decode(byte[] encoded) {
        requireNonNull(encoded, "encoded is null");
        JsonNode root;
        try {
            root = JsonUtil.mapper().readTree(encoded);
        } catch (IOException e) {
            throw malformed("it is not valid JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw malformed("it is not a JSON object", null);
        }
        JsonNode version = root.get(FORMAT_VERSION);
        if (version == null || !version.isInt()) {
            throw malformed("it has no integer " + FORMAT_VERSION, null);
        }
        if (version.intValue() != ScanTask.FORMAT_VERSION) {
            throw new SqeException(ErrorCode.INVALID_REQUEST, "Unsupported scan task format version "
                    + version.intValue() + "; this worker reads version " + ScanTask.FORMAT_VERSION
                    + ". Run the same SQE version on the coordinator and the workers.");
        }
        try {
            return decodeVersion2(root);
        } catch (SqeException e) {
            throw e;
        } catch (RuntimeException e) {
            // Iceberg's parsers signal bad input with IllegalArgumentException, NullPointerException and friends.
            throw malformed(detail(e), e);
        }
    }

    private static ScanTask decodeVersion2(JsonNode root) {
        Schema schema = SchemaParser.fromJson(required(root, SCHEMA));

        List<Integer> projectedFieldIds = new ArrayList<>();
        for (JsonNode fieldId : requiredArray(root, PROJECTED_FIELD_IDS)) {
            if (!fieldId.isInt()) {
                throw malformed(PROJECTED_FIELD_IDS + " holds a non-integer", null);
            }
            projectedFieldIds.add(fieldId.intValue());
        }

        Map<Integer, PartitionSpec> specs = new HashMap<>();
        for (JsonNode specNode : requiredArray(root, PARTITION_SPECS)) {
            PartitionSpec spec = PartitionSpecParser.fromJson(schema, specNode);
            specs.put(spec.specId(), spec);
        }

        List<FileScanTask> files = new ArrayList<>();
        Map<String, Expression> residuals = new HashMap<>();
        for (JsonNode fileNode : requiredArray(root, FILES)) {
            files.add(readFile(fileNode, schema, specs, residuals));
        }

        OptionalLong limit = OptionalLong.empty();
        if (root.has(LIMIT)) {
            limit = OptionalLong.of(JsonUtil.getLong(LIMIT, root));
        }
        Optional<NameMapping> nameMapping = Optional.empty();
        if (root.has(NAME_MAPPING)) {
            nameMapping = Optional.of(NameMappingParser.fromJson(root.get(NAME_MAPPING).toString()));
        }
        Optional<ScanAggregation> aggregation = Optional.empty();
        if (root.has(AGGREGATION)) {
            aggregation = Optional.of(ScanAggregationJson.read(root.get(AGGREGATION)));
        }

        return new ScanTask(
                ScanTask.FORMAT_VERSION,
                JsonUtil.getString(QUERY_ID, root),
                JsonUtil.getInt(TASK_ID, root),
                JsonUtil.getString(TABLE_NAME, root),
                schema,
                projectedFieldIds,
                specs,
                files,
                limit,
                nameMapping,
                readStorageProperties(root),
                aggregation);
    }

    private static FileScanTask readFile(JsonNode node, Schema schema, Map<Integer, PartitionSpec> specs,
            Map<String, Expression> residuals) {
        if (!node.isObject()) {
            throw malformed(FILES + " holds a non-object", null);
        }
        ContentFile<?> dataFile = ContentFileParser.fromJson(required(node, DATA_FILE), specs);
        if (!(dataFile instanceof DataFile)) {
            throw malformed(DATA_FILE + " " + dataFile.location() + " is not a data file", null);
        }
        List<DeleteFile> deletes = new ArrayList<>();
        for (JsonNode deleteNode : requiredArray(node, DELETE_FILES)) {
            ContentFile<?> delete = ContentFileParser.fromJson(deleteNode, specs);
            if (!(delete instanceof DeleteFile)) {
                throw malformed(DELETE_FILES + " entry " + delete.location() + " is not a delete file", null);
            }
            deletes.add((DeleteFile) delete);
        }
        // Files with the same residual share one parsed copy.
        Expression residual = residuals.computeIfAbsent(required(node, RESIDUAL).toString(),
                json -> ExpressionParser.fromJson(json, schema));
        return new DecodedFileScanTask(
                (DataFile) dataFile,
                deletes,
                schema,
                specs.get(dataFile.specId()),
                JsonUtil.getLong(START, node),
                JsonUtil.getLong(LENGTH, node),
                residual);
    }

    /** Read by hand so that no parser error message can echo a credential. */
    private static Map<String, String> readStorageProperties(JsonNode root) {
        JsonNode node = required(root, STORAGE_PROPERTIES);
        if (!node.isObject()) {
            throw malformed(STORAGE_PROPERTIES + " is not an object", null);
        }
        Map<String, String> properties = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw malformed("storage property " + field.getKey() + " is not a string", null);
            }
            properties.put(field.getKey(), field.getValue().textValue());
        }
        return properties;
    }

    private static JsonNode required(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw malformed("it has no " + name, null);
        }
        return value;
    }

    private static JsonNode requiredArray(JsonNode node, String name) {
        JsonNode value = required(node, name);
        if (!value.isArray()) {
            throw malformed(name + " is not an array", null);
        }
        return value;
    }

    private static String detail(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.lines().findFirst().orElse("");
        return message.length() > MAX_DETAIL_LENGTH ? message.substring(0, MAX_DETAIL_LENGTH) + "..." : message;
    }

    private static SqeException malformed(String reason, Throwable cause) {
        return new SqeException(ErrorCode.INVALID_REQUEST,
                "Malformed scan task: " + reason + ". The coordinator and workers must run the same SQE version.",
                cause);
    }
}
