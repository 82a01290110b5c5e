package io.sqe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.sqe.core.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqeMetricsTest {
    @Test
    void countsStatementsByTypeAndOutcome() {
        try (SqeMetrics metrics = new SqeMetrics()) {
            metrics.queryStarted("q1");
            assertThat(metrics.scrape()).contains("sqe_queries_active 1.0");
            metrics.queryCompleted(Completions.success("q1", "SELECT 1", 10));
            metrics.queryCompleted(Completions.success("q2", "SELECT 2", 5));
            metrics.queryCompleted(Completions.failure("q3", ErrorCode.TABLE_NOT_FOUND));
            String exposition = metrics.scrape();
            assertThat(exposition)
                    .contains("sqe_queries_active 0.0")
                    .contains("sqe_queries_total{outcome=\"success\",statement_type=\"query\"} 2.0")
                    .contains("sqe_queries_total{outcome=\"user_error\",statement_type=\"insert\"} 1.0")
                    .contains("sqe_rows_returned_total 15.0")
                    .contains("sqe_scan_rows_total 2000.0")
                    .contains("sqe_scan_bytes_total 8192.0")
                    .contains("sqe_scan_files_total{result=\"pruned\"} 6.0")
                    .contains("sqe_scan_files_total{result=\"read\"} 4.0")
                    .contains("sqe_query_duration_seconds_bucket{statement_type=\"query\"")
                    .contains("sqe_query_first_row_seconds_count 2")
                    .contains("jvm_memory_used_bytes");
            assertThat(exposition).as("no user names, SQL or table names in labels")
                    .doesNotContain("alice").doesNotContain("SELECT").doesNotContain("demo");
        }
    }

    @Test
    void gaugesAndAuthAttempts() {
        try (SqeMetrics metrics = new SqeMetrics()) {
            metrics.arrowMemory("queries", () -> 1024);
            metrics.authAttempt(true);
            metrics.authAttempt(false);
            metrics.authAttempt(false);
            assertThat(metrics.scrape())
                    .contains("sqe_arrow_memory_allocated_bytes{pool=\"queries\"} 1024.0")
                    .contains("sqe_auth_attempts_total{outcome=\"failure\"} 2.0")
                    .contains("sqe_auth_attempts_total{outcome=\"success\"} 1.0");
        }
    }

    /** promtool is Prometheus's own linter; .ci/run installs it (Debian package prometheus). */
    @Test
    void expositionPassesPromtool(@TempDir Path directory) throws IOException, InterruptedException {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/promtool"))).as("promtool installed").isTrue();
        try (SqeMetrics metrics = new SqeMetrics()) {
            metrics.queryCompleted(Completions.success("q1", "SELECT 1", 10));
            metrics.queryCompleted(Completions.failure("q2", ErrorCode.INTERNAL_ERROR));
            Path file = directory.resolve("metrics.txt");
            Files.writeString(file, metrics.scrape(), StandardCharsets.UTF_8);
            Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics")
                    .redirectInput(file.toFile()).redirectErrorStream(true).start();
            assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(promtool.exitValue()).as(output).isZero();
        }
    }
}
