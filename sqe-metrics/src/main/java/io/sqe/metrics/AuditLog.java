package io.sqe.metrics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqe.core.engine.QueryCompletion;
import io.sqe.core.engine.QueryListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: one JSON object per line for every statement, whether it succeeded or failed, flushed as it is
 * written. The file is rotated by size ({@code sqe-audit.jsonl.1}, {@code .2}, …). SQL text is redacted by
 * {@link SqlRedaction} first. A record that cannot be written is logged and counted, never dropped silently.
 * docs/operations.md documents every field.
 */
public final class AuditLog implements QueryListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final long maxFileBytes;
    private final int maxFiles;
    private final SqeMetrics metrics;
    private BufferedWriter writer;
    private long fileBytes;

    public AuditLog(Path path, long maxFileBytes, int maxFiles, SqeMetrics metrics) {
        this.path = requireNonNull(path, "path is null").toAbsolutePath().normalize();
        this.maxFileBytes = maxFileBytes;
        this.maxFiles = maxFiles;
        this.metrics = requireNonNull(metrics, "metrics is null");
        try {
            Files.createDirectories(this.path.getParent());
            open();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the audit log " + this.path, e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void queryCompleted(QueryCompletion completion) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(toJson(completion)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            failed(completion, e);
            return;
        }
        try {
            if (fileBytes > 0 && fileBytes + line.length > maxFileBytes) {
                rotate();
            }
            writer.write(new String(line, StandardCharsets.UTF_8));
            writer.flush();
            fileBytes += line.length;
        } catch (IOException | RuntimeException e) {
            failed(completion, e);
        }
    }

    static ObjectNode toJson(QueryCompletion completion) {
        ObjectNode record = JSON.createObjectNode();
        record.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(completion.started()));
        record.put("query_id", completion.queryId());
        record.put("session_id", completion.sessionId());
        record.put("user", completion.user());
        ArrayNode roles = record.putArray("roles");
        completion.roles().forEach(roles::add);
        record.put("client_address", completion.clientAddress());
        record.put("protocol", completion.protocol());
        record.put("statement_type", completion.statementType());
        record.put("sql", SqlRedaction.redact(completion.sql()));
        ArrayNode read = record.putArray("tables_read");
        completion.tablesRead().forEach(read::add);
        ArrayNode written = record.putArray("tables_written");
        completion.tablesWritten().forEach(written::add);
        ArrayNode policies = record.putArray("policies");
        completion.policies().forEach(policies::add);
        record.put("outcome", completion.succeeded() ? "SUCCESS" : "FAILURE");
        if (completion.error().isPresent()) {
            record.put("error_code", completion.error().get().name());
            record.put("error_type", completion.error().get().type().name());
        } else {
            record.putNull("error_code");
            record.putNull("error_type");
        }
        record.put("rows", completion.rowsReturned());
        record.put("update_count", completion.updateCount());
        record.put("rows_scanned", completion.scan().rows());
        record.put("bytes_scanned", completion.scan().bytes());
        record.put("duration_ms", completion.elapsed().toMillis());
        if (completion.traceId().isPresent()) {
            record.put("trace_id", completion.traceId().get());
        } else {
            record.putNull("trace_id");
        }
        return record;
    }

    private void failed(QueryCompletion completion, Exception cause) {
        metrics.auditWriteFailed();
        log.error("Could not write the audit record of query {} to {}", completion.queryId(), path, cause);
    }

    private void open() throws IOException {
        writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        fileBytes = Files.size(path);
    }

    private void rotate() throws IOException {
        writer.close();
        for (int index = maxFiles - 1; index >= 1; index--) {
            Path source = rotated(index);
            if (Files.exists(source)) {
                Files.move(source, rotated(index + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.deleteIfExists(rotated(maxFiles + 1));
        Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private Path rotated(int index) {
        return path.resolveSibling(path.getFileName() + "." + index);
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            log.warn("Could not close the audit log {}", path, e);
        }
    }
}
