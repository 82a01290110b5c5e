package io.sqe.coordinator.it;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;

/**
 * Arrow's stock Flight SQL JDBC driver, loaded from its shaded jar in a class loader of its own, so the test
 * exercises the driver users download and none of the server's classes (Calcite ships another Avatica).
 */
final class FlightSqlJdbcDriver {
    static final Driver INSTANCE = load();

    private FlightSqlJdbcDriver() {}

    private static Driver load() {
        String location = System.getProperty("sqe.test.flightSqlJdbcDriver");
        if (location == null || !Files.isRegularFile(Path.of(location))) {
            throw new IllegalStateException("Flight SQL JDBC driver jar not found at " + location
                    + "; run the integration tests through Maven (./mvnw verify)");
        }
        try {
            URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(location).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            return (Driver) Class.forName("org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver", true, loader)
                    .getDeclaredConstructor().newInstance();
        } catch (MalformedURLException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the Flight SQL JDBC driver from " + location, e);
        }
    }
}
