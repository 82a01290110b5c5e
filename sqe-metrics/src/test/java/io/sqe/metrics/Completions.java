package io.sqe.metrics;

import io.sqe.core.engine.QueryCompletion;
import io.sqe.core.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Completion records for tests. */
final class Completions {
    private Completions() {}

    static QueryCompletion success(String queryId, String sql, long rows) {
        return new QueryCompletion(queryId, "session-1", "alice", List.of("analyst"), "127.0.0.1", "flight-sql",
                "QUERY", sql, Instant.parse("2026-11-25T10:15:30Z"), Duration.ofMillis(42),
                Optional.of(Duration.ofMillis(7)), Optional.empty(), Optional.empty(), rows, 0,
                new QueryCompletion.ScanCounts(1000, 4096, 2, 3), List.of("iceberg.demo.t"), List.of(),
                Optional.of("4bf92f3577b34da6a3ce929d0e0e4736"), List.of("analysts-eu"));
    }

    static QueryCompletion failure(String queryId, ErrorCode code) {
        return new QueryCompletion(queryId, "session-1", "bob", List.of(), "10.0.0.7", "trino-http", "INSERT",
                "INSERT INTO demo.t VALUES (1)", Instant.parse("2026-11-25T10:16:00Z"), Duration.ofMillis(3),
                Optional.empty(), Optional.of(code), Optional.of("boom"), 0, 0, QueryCompletion.ScanCounts.NONE,
                List.of(), List.of("iceberg.demo.t"), Optional.empty());
    }
}
