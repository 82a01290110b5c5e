package io.sqe.benchmark.tpch;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;

/**
 * Arrow's stock Flight SQL JDBC driver, loaded from its shaded jar in a class loader of its own: the benchmark
 * reaches SQE exactly as a client application does, and the driver's Avatica cannot clash with Calcite's.
 */
final class FlightSqlJdbcDriver {
    /** Where Maven puts the jar (sqe-benchmark/target/client-drivers); the tests pass it as this property. */
    static final String JAR_PROPERTY = "sqe.benchmark.flightSqlJdbcDriver";

    private FlightSqlJdbcDriver() {}

    static Driver load(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new SqeException(ErrorCode.INVALID_REQUEST, "The Flight SQL JDBC driver jar is not at " + jar
                    + "; build sqe-benchmark with ./mvnw package -pl sqe-benchmark, or pass --flight-sql-driver");
        }
        try {
            URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            return (Driver) Class.forName("org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver", true, loader)
                    .getDeclaredConstructor().newInstance();
        } catch (MalformedURLException | ReflectiveOperationException e) {
            throw new SqeException(ErrorCode.INTERNAL_ERROR, "Cannot load the Flight SQL JDBC driver from " + jar, e);
        }
    }
}
