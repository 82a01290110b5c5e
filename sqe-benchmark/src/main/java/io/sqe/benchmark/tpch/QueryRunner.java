package io.sqe.benchmark.tpch;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs a query over JDBC, reads every row, and cancels it when it runs past the timeout. */
final class QueryRunner implements AutoCloseable {
    private final Duration timeout;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tpch-query-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    QueryRunner(Duration timeout) {
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    QueryResult run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            AtomicBoolean timedOut = new AtomicBoolean();
            ScheduledFuture<?> cancel = watchdog.schedule(() -> {
                timedOut.set(true);
                try {
                    statement.cancel();
                } catch (SQLException ignored) {
                    // The query is finishing or failing by itself; the timeout is reported either way.
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            try (ResultSet resultSet = statement.executeQuery(sql)) {
                ResultSetMetaData metadata = resultSet.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= metadata.getColumnCount(); i++) {
                    columns.add(metadata.getColumnLabel(i));
                }
                List<List<Object>> rows = new ArrayList<>();
                while (resultSet.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(resultSet.getObject(i));
                    }
                    rows.add(row);
                }
                long elapsed = System.nanoTime() - started;
                if (timedOut.get()) {
                    throw timeoutException(null);
                }
                return new QueryResult(columns, rows, elapsed);
            } catch (SQLException e) {
                if (timedOut.get()) {
                    throw timeoutException(e);
                }
                throw e;
            } finally {
                cancel.cancel(false);
            }
        }
    }

    private SQLTimeoutException timeoutException(SQLException cause) {
        return new SQLTimeoutException("cancelled after the timeout of " + timeout.toSeconds() + " s", cause);
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
