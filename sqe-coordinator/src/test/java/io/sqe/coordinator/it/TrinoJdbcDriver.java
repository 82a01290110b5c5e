package io.sqe.coordinator.it;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/** The stock trino-jdbc 476 driver, loaded from its jar in a class loader of its own, as an application would. */
final class TrinoJdbcDriver {
    static final Driver INSTANCE = load();

    private TrinoJdbcDriver() {}

    static Connection connect(int port, String user, String path) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        String url = "jdbc:trino://127.0.0.1:" + port + path;
        Connection connection = INSTANCE.connect(url, properties);
        if (connection == null) {
            throw new SQLException("trino-jdbc does not accept " + url);
        }
        return connection;
    }

    private static Driver load() {
        String location = System.getProperty("sqe.test.trinoJdbcDriver");
        if (location == null || !Files.isRegularFile(Path.of(location))) {
            throw new IllegalStateException("trino-jdbc jar not found at " + location
                    + "; run the integration tests through Maven (./mvnw verify)");
        }
        try {
            URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(location).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            return (Driver) Class.forName("io.trino.jdbc.TrinoDriver", true, loader).getDeclaredConstructor()
                    .newInstance();
        } catch (MalformedURLException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load trino-jdbc from " + location, e);
        }
    }
}
