package io.sqe.core.engine;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What happened to one statement: who ran it, what it was, how it ended and what it cost. Emitted exactly once per
 * statement execution (and once for a statement that failed before it could run), for metrics and the audit log.
 *
 * @param statementType the statement's type name (QUERY, INSERT, …), or UNKNOWN when it did not parse
 * @param sql the statement text as the client sent it; listeners that persist it must redact it first
 * @param error the error code when the statement failed
 * @param errorMessage the user-facing message when the statement failed
 * @param timeToFirstRow from the start until the first batch of rows was ready, when there was one
 * @param traceId the OpenTelemetry trace of the statement, when it was traced
 * @param policies the names of the access-policy rules that decided the statement, in the order they were applied;
 *     empty when no rule applied (passthrough policy, or a statement that reads no table)
 */
public record QueryCompletion(
        String queryId,
        String sessionId,
        String user,
        List<String> roles,
        String clientAddress,
        String protocol,
        String statementType,
        String sql,
        Instant started,
        Duration elapsed,
        Optional<Duration> timeToFirstRow,
        Optional<ErrorCode> error,
        Optional<String> errorMessage,
        long rowsReturned,
        long updateCount,
        ScanCounts scan,
        List<String> tablesRead,
        List<String> tablesWritten,
        Optional<String> traceId,
        List<String> policies) {
    public QueryCompletion {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(sessionId, "sessionId is null");
        requireNonNull(user, "user is null");
        roles = List.copyOf(requireNonNull(roles, "roles is null"));
        requireNonNull(clientAddress, "clientAddress is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(statementType, "statementType is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(started, "started is null");
        requireNonNull(elapsed, "elapsed is null");
        requireNonNull(timeToFirstRow, "timeToFirstRow is null");
        requireNonNull(error, "error is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(scan, "scan is null");
        tablesRead = List.copyOf(requireNonNull(tablesRead, "tablesRead is null"));
        tablesWritten = List.copyOf(requireNonNull(tablesWritten, "tablesWritten is null"));
        requireNonNull(traceId, "traceId is null");
        policies = List.copyOf(requireNonNull(policies, "policies is null"));
    }

    /** A completion that no access-policy rule decided. */
    public QueryCompletion(String queryId, String sessionId, String user, List<String> roles, String clientAddress,
            String protocol, String statementType, String sql, Instant started, Duration elapsed,
            Optional<Duration> timeToFirstRow, Optional<ErrorCode> error, Optional<String> errorMessage,
            long rowsReturned, long updateCount, ScanCounts scan, List<String> tablesRead, List<String> tablesWritten,
            Optional<String> traceId) {
        this(queryId, sessionId, user, roles, clientAddress, protocol, statementType, sql, started, elapsed,
                timeToFirstRow, error, errorMessage, rowsReturned, updateCount, scan, tablesRead, tablesWritten,
                traceId, List.of());
    }

    public boolean succeeded() {
        return error.isEmpty();
    }

    /** What the Iceberg scans of the statement read. */
    public record ScanCounts(long rows, long bytes, long filesScanned, long filesPruned) {
        public static final ScanCounts NONE = new ScanCounts(0, 0, 0, 0);
    }
}
