package io.sqe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqe.core.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("timestamp", "query_id", "session_id", "user", "roles",
            "client_address", "protocol", "statement_type", "sql", "tables_read", "tables_written", "policies",
            "outcome",
            "error_code", "error_type", "rows", "update_count", "rows_scanned", "bytes_scanned", "duration_ms", "trace_id");

    @TempDir
    Path directory;

    @Test
    void oneJsonLinePerStatementWithEveryField() throws IOException {
        Path file = directory.resolve("audit").resolve("sqe-audit.jsonl");
        try (SqeMetrics metrics = new SqeMetrics(); AuditLog audit = new AuditLog(file, 1 << 20, 3, metrics)) {
            audit.queryCompleted(Completions.success("q1", "SELECT * FROM demo.t", 10));
            audit.queryCompleted(Completions.failure("q2", ErrorCode.TABLE_NOT_FOUND));
        }
        List<JsonNode> records = read(file);
        assertThat(records).hasSize(2);
        for (JsonNode record : records) {
            List<String> names = new ArrayList<>();
            record.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactlyElementsOf(FIELDS);
        }
        JsonNode success = records.get(0);
        assertThat(success.get("timestamp").asText()).isEqualTo("2026-11-25T10:15:30Z");
        assertThat(success.get("user").asText()).isEqualTo("alice");
        assertThat(success.get("roles").get(0).asText()).isEqualTo("analyst");
        assertThat(success.get("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(success.get("error_code").isNull()).isTrue();
        assertThat(success.get("rows").asLong()).isEqualTo(10);
        assertThat(success.get("tables_read").get(0).asText()).isEqualTo("iceberg.demo.t");
        assertThat(success.get("policies").get(0).asText()).isEqualTo("analysts-eu");
        assertThat(success.get("duration_ms").asLong()).isEqualTo(42);
        assertThat(success.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(records.get(1).get("trace_id").isNull()).isTrue();
        JsonNode failure = records.get(1);
        assertThat(failure.get("outcome").asText()).isEqualTo("FAILURE");
        assertThat(failure.get("error_code").asText()).isEqualTo("TABLE_NOT_FOUND");
        assertThat(failure.get("error_type").asText()).isEqualTo("USER_ERROR");
        assertThat(failure.get("tables_written").get(0).asText()).isEqualTo("iceberg.demo.t");
        assertThat(failure.get("policies")).isEmpty();
    }

    @Test
    void secretsAreRedactedBeforeWriting() throws IOException {
        Path file = directory.resolve("sqe-audit.jsonl");
        String sql = "CREATE TABLE t WITH (\"s3.secret-access-key\" = 'AKIASECRET', password = 'hunter2') AS SELECT"
                + " 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl' AS token, 'keep me' AS note";
        try (SqeMetrics metrics = new SqeMetrics(); AuditLog audit = new AuditLog(file, 1 << 20, 3, metrics)) {
            audit.queryCompleted(Completions.success("q1", sql, 1));
        }
        String written = Files.readString(file);
        assertThat(written).doesNotContain("AKIASECRET").doesNotContain("hunter2").doesNotContain("eyJhbGci")
                .contains("keep me").contains("****");
    }

    @Test
    void rotatesBySizeAndKeepsTheConfiguredNumberOfFiles() throws IOException {
        Path file = directory.resolve("sqe-audit.jsonl");
        try (SqeMetrics metrics = new SqeMetrics(); AuditLog audit = new AuditLog(file, 2_000, 2, metrics)) {
            for (int i = 0; i < 40; i++) {
                audit.queryCompleted(Completions.success("q" + i, "SELECT " + i, i));
            }
        }
        assertThat(Files.size(file)).isLessThanOrEqualTo(2_000);
        assertThat(directory.resolve("sqe-audit.jsonl.1")).exists();
        assertThat(directory.resolve("sqe-audit.jsonl.2")).exists();
        assertThat(directory.resolve("sqe-audit.jsonl.3")).doesNotExist();
        assertThat(read(file).get(read(file).size() - 1).get("query_id").asText()).isEqualTo("q39");
    }

    @Test
    void aFailedWriteIsCountedAndLogged() {
        Path file = directory.resolve("sqe-audit.jsonl");
        try (SqeMetrics metrics = new SqeMetrics()) {
            AuditLog audit = new AuditLog(file, 1 << 20, 3, metrics);
            audit.close();
            audit.queryCompleted(Completions.success("q1", "SELECT 1", 1));
            assertThat(metrics.scrape()).contains("sqe_audit_write_failures_total 1.0");
        }
    }

    private static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            records.add(JSON.readTree(line));
        }
        return records;
    }
}
