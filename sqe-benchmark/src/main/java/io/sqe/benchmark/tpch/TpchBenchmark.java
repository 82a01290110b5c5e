package io.sqe.benchmark.tpch;

import io.sqe.core.error.SqeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sqe-benchmark/bin/sqe-tpch}: loads TPC-H into SQE (once per warehouse and scale factor), runs the
 * queries on SQE and on DuckDB over the same Parquet files, and prints the timings and whether the results
 * match. Exits 0 when every query matched, 1 when one did not, 2 on a usage or setup error.
 */
@Command(name = "sqe-tpch", mixinStandardHelpOptions = true,
        description = "Runs TPC-H on SQE and on DuckDB (the reference) and compares timings and results.")
public final class TpchBenchmark implements Callable<Integer> {
    /** Held so java.util.logging keeps the level (it references loggers weakly). */
    private static final java.util.logging.Logger DRIVER_LOGGER =
            java.util.logging.Logger.getLogger("org.apache.arrow.driver.jdbc");

    @Option(names = "--scale-factor", defaultValue = "0.01", description = "TPC-H scale factor (default ${DEFAULT-VALUE})")
    String scaleFactor;

    @Option(names = "--warm-up", defaultValue = "1", description = "untimed runs per query and engine (default ${DEFAULT-VALUE})")
    int warmUps;

    @Option(names = "--runs", defaultValue = "3", description = "timed runs per query and engine; the median is reported (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--queries", defaultValue = "1-22", description = "queries to run, e.g. 1,3,5 or 1-22 (default ${DEFAULT-VALUE})")
    String queries;

    @Option(names = "--warehouse", defaultValue = "sqe-tpch-data",
            description = "warehouse directory; tables loaded earlier at the same scale factor are reused (default ${DEFAULT-VALUE})")
    Path warehouse;

    @Option(names = "--reload", description = "load the tables again even when they are complete")
    boolean reload;

    @Option(names = "--url", description = "a running SQE server, e.g. jdbc:arrow-flight-sql://127.0.0.1:50051?useEncryption=false;"
            + " --warehouse must then be that server's warehouse directory (DuckDB reads its files)")
    String url;

    @Option(names = "--user", defaultValue = "tpch", description = "user for --url (default ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password", defaultValue = "", description = "password for --url", arity = "0..1", interactive = true)
    String password;

    @Option(names = "--load-batch-rows", defaultValue = "250000",
            description = "rows per JDBC batch of the load's prepared INSERT; each batch is one commit (default ${DEFAULT-VALUE})")
    int loadBatchRows;

    @Option(names = "--load-threads", defaultValue = "2",
            description = "connections that insert parts of a large table concurrently (default ${DEFAULT-VALUE})")
    int loadThreads;

    @Option(names = "--timeout", defaultValue = "600", description = "seconds before a query is cancelled (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--flight-sql-driver", description = "the flight-sql-jdbc-driver jar (default: the one Maven copied to"
            + " sqe-benchmark/target/client-drivers)")
    Path driverJar;

    @Option(names = "--verbose", description = "log the server's and the loader's INFO messages")
    boolean verbose;

    private final PrintWriter out;

    TpchBenchmark(PrintWriter out) {
        this.out = out;
    }

    public static void main(String[] args) {
        boolean verbose = List.of(args).contains("--verbose");
        if (System.getProperty("sqe.log.level") == null) {
            System.setProperty("sqe.log.level", verbose ? "INFO" : "WARN");
        }
        if (!verbose) {
            // Concurrent INSERTs of the load race for the commit; Iceberg retries and logs each retry with a trace.
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.iceberg.util.Tasks"))
                    .setLevel(ch.qos.logback.classic.Level.ERROR);
        }
        // The shaded driver logs its allocator set-up through java.util.logging at INFO.
        DRIVER_LOGGER.setLevel(verbose ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
        PrintWriter out = new PrintWriter(System.out, true);
        CommandLine commandLine = new CommandLine(new TpchBenchmark(out));
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            line.getErr().println("Error: " + (exception instanceof SQLException
                    ? QueryComparison.oneLine((SQLException) exception) : exception.getMessage()));
            return 2;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws SQLException {
        ScaleFactor scale = ScaleFactor.of(scaleFactor);
        List<Integer> selected = TpchQueries.parse(queries);
        Driver driver = FlightSqlJdbcDriver.load(driverJar != null ? driverJar : defaultDriverJar());
        try (SqeConnections connections = url == null
                        ? SqeConnections.startServer(driver, warehouse)
                        : SqeConnections.remote(driver, url, user, password);
                Connection sqe = connections.connect()) {
            TpchLoader loader = new TpchLoader(connections::connect, loadBatchRows, loadThreads);
            if (reload || !loader.isLoaded(scale)) {
                out.printf(Locale.ROOT, "Loading TPC-H SF %s into %s through SQE (prepared INSERT batches)%n", scale,
                        scale.schemaName());
                long started = System.nanoTime();
                for (TpchLoader.TableLoad load : loader.load(scale)) {
                    out.printf(Locale.ROOT, "  %-9s %,11d rows %5d batches %,9d ms%n", load.table(), load.rows(),
                            load.batches(), load.millis());
                }
                out.printf(Locale.ROOT, "  loaded in %,d ms%n", (System.nanoTime() - started) / 1_000_000);
            } else {
                out.printf(Locale.ROOT, "Reusing TPC-H SF %s in %s%n", scale, warehouse.toAbsolutePath().normalize());
            }
            try (Connection duckDb = DuckDbReference.open(warehouse, scale);
                    QueryRunner runner = new QueryRunner(Duration.ofSeconds(timeoutSeconds))) {
                checkSameData(TpchSchema.rowCounts(sqe, scale.schemaName() + "."),
                        TpchSchema.rowCounts(duckDb, ""));
                try (java.sql.Statement use = sqe.createStatement()) {
                    use.execute("USE " + scale.schemaName());
                }
                QueryComparison comparison = new QueryComparison(sqe, duckDb, runner, warmUps, runs);
                List<QueryOutcome> outcomes = new ArrayList<>();
                out.printf(Locale.ROOT, "SF %s, %d warm-up and %d timed runs per query and engine%n", scale, warmUps,
                        runs);
                for (int query : selected) {
                    QueryOutcome outcome = comparison.run(query);
                    out.printf(Locale.ROOT, "  Q%d done: %s%n", query, outcome.matches() ? "match" : "NO MATCH");
                    outcomes.add(outcome);
                }
                out.print(BenchmarkReport.format(outcomes));
                out.flush();
                return outcomes.stream().allMatch(QueryOutcome::matches) ? 0 : 1;
            }
        }
    }

    private static void checkSameData(Map<String, Long> sqe, Map<String, Long> duckDb) {
        if (!sqe.equals(duckDb)) {
            throw new SqeException(io.sqe.core.error.ErrorCode.INVALID_REQUEST, "SQE and DuckDB see different data:"
                    + " row counts " + sqe + " in SQE, " + duckDb + " in DuckDB's Parquet files; the warehouse"
                    + " holds files outside the tables' snapshots: reload with --reload into a fresh --warehouse");
        }
    }

    /** sqe-benchmark/target/client-drivers/..., next to the directory this class was loaded from. */
    private static Path defaultDriverJar() {
        try {
            Path location = Path.of(TpchBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent().resolve("client-drivers").resolve("flight-sql-jdbc-driver.jar");
        } catch (java.net.URISyntaxException | SecurityException e) {
            return Path.of("sqe-benchmark", "target", "client-drivers", "flight-sql-jdbc-driver.jar");
        }
    }
}
