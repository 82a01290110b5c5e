package io.sqe.benchmark.tpch;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.trino.tpch.TpchTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * DuckDB over the very Parquet files SQE wrote: one view per table reads
 * {@code <warehouse>/<schema>/<table>/data/**}{@code /*.parquet}. DuckDB runs the same SQL text as SQE.
 * Extension autoloading is off: the machines reach no extension repository, and Parquet is built in.
 */
final class DuckDbReference {
    private DuckDbReference() {}

    /** An in-memory DuckDB whose default schema has a view per TPC-H table over {@code warehouse}'s files. */
    static Connection open(Path warehouse, ScaleFactor scaleFactor) throws SQLException {
        Path schemaDirectory = warehouse.toAbsolutePath().normalize().resolve(scaleFactor.schemaName());
        Properties properties = new Properties();
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        Connection connection = DriverManager.getConnection("jdbc:duckdb:", properties);
        try (Statement statement = connection.createStatement()) {
            for (TpchTable<?> table : TpchSchema.LOAD_ORDER) {
                Path data = schemaDirectory.resolve(table.getTableName()).resolve("data");
                if (!Files.isDirectory(data)) {
                    throw new SqeException(ErrorCode.INVALID_REQUEST, "No data files for " + table.getTableName()
                            + " under " + data + "; DuckDB reads the Parquet files of a local warehouse, so"
                            + " pass the server's warehouse directory with --warehouse");
                }
                statement.execute("CREATE VIEW " + table.getTableName() + " AS SELECT * FROM read_parquet('"
                        + data.toString().replace("'", "''") + "/**/*.parquet')");
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
