package io.sqe.benchmark.tpch;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a TPC-H query on SQE and on DuckDB, {@code warmUps} untimed and {@code runs} timed times each, and
 * compares SQE's last result with DuckDB's. An error on SQE is an outcome, not a failure of the benchmark;
 * an error on DuckDB (the reference) is.
 */
final class QueryComparison {
    private final Connection sqe;
    private final Connection duckDb;
    private final QueryRunner runner;
    private final int warmUps;
    private final int runs;

    QueryComparison(Connection sqe, Connection duckDb, QueryRunner runner, int warmUps, int runs) {
        this.sqe = requireNonNull(sqe, "sqe is null");
        this.duckDb = requireNonNull(duckDb, "duckDb is null");
        this.runner = requireNonNull(runner, "runner is null");
        if (warmUps < 0 || runs < 1) {
            throw new IllegalArgumentException("need warmUps >= 0 and runs >= 1: " + warmUps + ", " + runs);
        }
        this.warmUps = warmUps;
        this.runs = runs;
    }

    QueryOutcome run(int query) throws SQLException {
        String sql = TpchQueries.sql(query);
        QueryResult expected = null;
        List<Double> duckDbMillis = new ArrayList<>();
        for (int i = 0; i < warmUps + runs; i++) {
            expected = runner.run(duckDb, sql);
            if (i >= warmUps) {
                duckDbMillis.add(expected.millis());
            }
        }
        QueryResult actual = null;
        List<Double> sqeMillis = new ArrayList<>();
        try {
            for (int i = 0; i < warmUps + runs; i++) {
                actual = runner.run(sqe, sql);
                if (i >= warmUps) {
                    sqeMillis.add(actual.millis());
                }
            }
        } catch (SQLException e) {
            return new QueryOutcome(query, List.of(), duckDbMillis, Optional.of(oneLine(e)), Optional.empty(),
                    expected.rows().size());
        }
        return new QueryOutcome(query, sqeMillis, duckDbMillis, Optional.empty(),
                ResultComparison.difference(expected, actual), expected.rows().size());
    }

    /** The error as one line: the driver wraps the server's {@code NAME: message} in a few layers. */
    static String oneLine(SQLException e) {
        StringBuilder message = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        Throwable cause = e.getCause();
        while (cause != null && cause != cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(" <- ").append(cause.getMessage());
            }
            cause = cause.getCause();
        }
        // The driver repeats the whole statement in its message; the query number says which one it was.
        return message.toString().replaceAll("\\s+", " ").replaceAll("Error while executing SQL \"[^\"]*\": ?", "")
                .strip();
    }
}
