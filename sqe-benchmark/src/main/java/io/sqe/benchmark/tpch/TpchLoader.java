package io.sqe.benchmark.tpch;

import static java.util.Objects.requireNonNull;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the TPC-H tables through SQE's own write path: {@code CREATE SCHEMA}, {@code CREATE TABLE} and a
 * prepared {@code INSERT INTO ... VALUES (?, ...)} run with JDBC batches of {@code batchRows} parameter rows.
 * SQE runs each batch as one statement: one Iceberg commit of one Parquet file (more when a batch passes the
 * target file size), so larger batches mean fewer, larger files. Tables of more than {@value #ROWS_PER_PART}
 * rows are split into generator parts that separate connections insert concurrently (Iceberg appends retry
 * their commit when another append won the race).
 */
final class TpchLoader {
    private static final Logger log = LoggerFactory.getLogger(TpchLoader.class);
    private static final long ROWS_PER_PART = 10_000;

    /** Opens a new connection to SQE. */
    @FunctionalInterface
    interface ConnectionFactory {
        Connection connect() throws SQLException;
    }

    private final ConnectionFactory connections;
    private final int batchRows;
    private final int threads;

    TpchLoader(ConnectionFactory connections, int batchRows, int threads) {
        this.connections = requireNonNull(connections, "connections is null");
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive: " + batchRows);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        this.batchRows = batchRows;
        this.threads = threads;
    }

    /** How one table was loaded. */
    record TableLoad(String table, long rows, int batches, long millis) {
        TableLoad {
            requireNonNull(table, "table is null");
        }
    }

    /**
     * True when the schema holds a complete load: the orders table, written last and dropped first, has every
     * row the generator makes.
     */
    boolean isLoaded(ScaleFactor scaleFactor) throws SQLException {
        long expected = 0;
        for (TpchEntity ignored : TpchTable.ORDERS.createGenerator(scaleFactor.asDouble(), 1, 1)) {
            expected++;
        }
        try (Connection connection = connections.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT count(*) FROM " + scaleFactor.schemaName() + ".orders")) {
            return result.next() && result.getLong(1) == expected;
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("_NOT_FOUND")) {
                return false;
            }
            throw e;
        }
    }

    /** Drops and re-creates the eight tables of {@code scaleFactor}'s schema and fills them. */
    List<TableLoad> load(ScaleFactor scaleFactor) throws SQLException {
        String schema = scaleFactor.schemaName();
        ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "tpch-loader");
            thread.setDaemon(true);
            return thread;
        });
        try (Connection connection = connections.connect()) {
            execute(connection, "CREATE SCHEMA IF NOT EXISTS " + schema);
            // Dropped first: an interrupted reload must not look complete (see isLoaded).
            execute(connection, "DROP TABLE IF EXISTS " + schema + ".orders");
            List<TableLoad> loads = new ArrayList<>();
            for (TpchTable<?> table : TpchSchema.LOAD_ORDER) {
                TableLoad load = loadTable(connection, executor, schema, table, scaleFactor.asDouble());
                log.info("Loaded {}.{}: {} rows in {} batches, {} ms", schema, load.table(), load.rows(),
                        load.batches(), load.millis());
                loads.add(load);
            }
            return List.copyOf(loads);
        } finally {
            executor.shutdownNow();
        }
    }

    private <E extends TpchEntity> TableLoad loadTable(Connection connection, ExecutorService executor,
            String schema, TpchTable<E> table, double scaleFactor) throws SQLException {
        long started = System.nanoTime();
        String name = schema + "." + table.getTableName();
        execute(connection, "DROP TABLE IF EXISTS " + name);
        execute(connection, TpchSchema.createTable(name, table));
        int parts = partCount(table, scaleFactor);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int part = 1; part <= parts; part++) {
            int partNumber = part;
            futures.add(executor.submit(() -> {
                try (Connection partConnection = connections.connect()) {
                    return insertPart(partConnection, name, table, scaleFactor, partNumber, parts);
                }
            }));
        }
        long rows = 0;
        int batches = 0;
        for (Future<long[]> future : futures) {
            long[] counts = await(future, name);
            rows += counts[0];
            batches += (int) counts[1];
        }
        return new TableLoad(table.getTableName(), rows, batches, (System.nanoTime() - started) / 1_000_000);
    }

    private int partCount(TpchTable<?> table, double scaleFactor) {
        if (threads == 1) {
            return 1;
        }
        long rows = 0;
        for (TpchEntity ignored : table.createGenerator(scaleFactor, 1, 1)) {
            if (++rows > ROWS_PER_PART) {
                return threads;
            }
        }
        return 1;
    }

    /** Inserts one generator part; returns {rows, batches}. */
    private <E extends TpchEntity> long[] insertPart(Connection connection, String name, TpchTable<E> table,
            double scaleFactor, int part, int parts) throws SQLException {
        List<TpchColumn<E>> columns = table.getColumns();
        long rows = 0;
        long batches = 0;
        int rowsInBatch = 0;
        try (PreparedStatement insert = connection.prepareStatement(TpchSchema.insert(name, table))) {
            for (E entity : table.createGenerator(scaleFactor, part, parts)) {
                TpchSchema.bind(insert, columns, entity);
                insert.addBatch();
                rows++;
                if (++rowsInBatch == batchRows) {
                    insert.executeBatch();
                    batches++;
                    rowsInBatch = 0;
                }
            }
            if (rowsInBatch > 0) {
                insert.executeBatch();
                batches++;
            }
        }
        return new long[] {rows, batches};
    }

    private static long[] await(Future<long[]> future, String table) throws SQLException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while loading " + table, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException) {
                throw (SQLException) e.getCause();
            }
            throw new SQLException("loading " + table + " failed: " + e.getCause(), e.getCause());
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
