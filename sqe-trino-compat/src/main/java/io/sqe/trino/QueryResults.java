package io.sqe.trino;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One {@code QueryResults} document, the body of every statement response, written as Trino's client reads it.
 * {@code dataJson} is the already encoded rows (see {@link RowEncoder}) without the enclosing brackets; the
 * document has no {@code data} member when it is empty.
 */
record QueryResults(String id, URI infoUri, Optional<URI> nextUri, Optional<List<TrinoColumn>> columns,
        Optional<String> dataJson, Stats stats, Optional<QueryFailure> error, Optional<String> updateType,
        OptionalLong updateCount) {
    private static final JsonFactory JSON = new JsonFactory();

    QueryResults {
        requireNonNull(id, "id is null");
        requireNonNull(infoUri, "infoUri is null");
        requireNonNull(nextUri, "nextUri is null");
        requireNonNull(columns, "columns is null");
        requireNonNull(dataJson, "dataJson is null");
        requireNonNull(stats, "stats is null");
        requireNonNull(error, "error is null");
        requireNonNull(updateType, "updateType is null");
        requireNonNull(updateCount, "updateCount is null");
    }

    /** {@code StatementStats}: SQE runs each query in one process, so there is one node and no splits. */
    record Stats(String state, long queuedMillis, long elapsedMillis, long processedRows, long processedBytes) {
        Stats {
            requireNonNull(state, "state is null");
        }
    }

    byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + dataJson.map(String::length).orElse(0));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", id);
            json.writeStringField("infoUri", infoUri.toString());
            if (nextUri.isPresent()) {
                json.writeStringField("nextUri", nextUri.get().toString());
            }
            if (columns.isPresent()) {
                writeColumns(json, columns.get());
            }
            if (dataJson.isPresent()) {
                json.writeFieldName("data");
                json.writeRawValue("[" + dataJson.get() + "]");
            }
            writeStats(json);
            if (error.isPresent()) {
                writeError(json, error.get());
            }
            json.writeArrayFieldStart("warnings");
            json.writeEndArray();
            if (updateType.isPresent()) {
                json.writeStringField("updateType", updateType.get());
            }
            if (updateCount.isPresent()) {
                json.writeNumberField("updateCount", updateCount.getAsLong());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeColumns(JsonGenerator json, List<TrinoColumn> columns) throws IOException {
        json.writeArrayFieldStart("columns");
        for (TrinoColumn column : columns) {
            json.writeStartObject();
            json.writeStringField("name", column.name());
            json.writeStringField("type", column.type());
            json.writeObjectFieldStart("typeSignature");
            json.writeStringField("rawType", column.rawType());
            json.writeArrayFieldStart("arguments");
            for (long argument : column.arguments()) {
                json.writeStartObject();
                json.writeStringField("kind", "LONG");
                json.writeNumberField("value", argument);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private void writeStats(JsonGenerator json) throws IOException {
        boolean queued = stats.state().equals("QUEUED");
        json.writeObjectFieldStart("stats");
        json.writeStringField("state", stats.state());
        json.writeBooleanField("queued", queued);
        json.writeBooleanField("scheduled", !queued);
        json.writeNumberField("nodes", 1);
        json.writeNumberField("totalSplits", 0);
        json.writeNumberField("queuedSplits", 0);
        json.writeNumberField("runningSplits", 0);
        json.writeNumberField("completedSplits", 0);
        json.writeNumberField("cpuTimeMillis", 0);
        json.writeNumberField("wallTimeMillis", stats.elapsedMillis());
        json.writeNumberField("queuedTimeMillis", stats.queuedMillis());
        json.writeNumberField("elapsedTimeMillis", stats.elapsedMillis());
        json.writeNumberField("processedRows", stats.processedRows());
        json.writeNumberField("processedBytes", stats.processedBytes());
        json.writeNumberField("physicalInputBytes", 0);
        json.writeNumberField("peakMemoryBytes", 0);
        json.writeNumberField("spilledBytes", 0);
        json.writeEndObject();
    }

    private static void writeError(JsonGenerator json, QueryFailure failure) throws IOException {
        json.writeObjectFieldStart("error");
        json.writeStringField("message", failure.message());
        json.writeNumberField("errorCode", failure.errorCode());
        json.writeStringField("errorName", failure.errorName());
        json.writeStringField("errorType", failure.errorType());
        if (failure.location().isPresent()) {
            writeLocation(json, failure);
        }
        json.writeObjectFieldStart("failureInfo");
        json.writeStringField("type", "io.sqe.core.error.SqeException");
        json.writeStringField("message", failure.message());
        json.writeArrayFieldStart("suppressed");
        json.writeEndArray();
        // Never a stack trace to a client: it is in the server log for internal errors.
        json.writeArrayFieldStart("stack");
        json.writeEndArray();
        if (failure.location().isPresent()) {
            writeLocation(json, failure);
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeLocation(JsonGenerator json, QueryFailure failure) throws IOException {
        json.writeObjectFieldStart("errorLocation");
        json.writeNumberField("lineNumber", failure.location().get().line());
        json.writeNumberField("columnNumber", failure.location().get().column());
        json.writeEndObject();
    }
}
