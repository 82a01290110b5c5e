package io.sqe.benchmark.tpch;

import static java.util.Objects.requireNonNull;

import io.sqe.coordinator.server.SqeServer;
import io.sqe.core.config.MetricsConfig;
import io.sqe.core.config.SqeConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Flight SQL JDBC connections to SQE: to a server started in this process over a warehouse directory, or to
 * any running server by URL.
 */
final class SqeConnections implements AutoCloseable {
    private final Driver driver;
    private final String url;
    private final String user;
    private final String password;
    private final Optional<SqeServer> server;

    private SqeConnections(Driver driver, String url, String user, String password, Optional<SqeServer> server) {
        this.driver = requireNonNull(driver, "driver is null");
        this.url = requireNonNull(url, "url is null");
        this.user = requireNonNull(user, "user is null");
        this.password = requireNonNull(password, "password is null");
        this.server = requireNonNull(server, "server is null");
    }

    /**
     * Starts a standalone server on a random loopback port over {@code warehouse}: embedded catalog, no
     * metrics endpoint, no audit log (it would record every INSERT of the load).
     */
    static SqeConnections startServer(Driver driver, Path warehouse) {
        SqeConfig defaults = SqeConfig.defaults();
        MetricsConfig metrics = defaults.metrics();
        SqeConfig config = defaults
                .withCoordinator(defaults.coordinator().withFlightSqlPort(0).withTrinoHttpPort(0))
                .withCatalog(defaults.catalog().withWarehouse(warehouse))
                .withMetrics(new MetricsConfig(false, metrics.host(), 0, false, metrics.auditPath(),
                        metrics.auditMaxFileBytes(), metrics.auditMaxFiles()));
        SqeServer server = SqeServer.start(config);
        String url = "jdbc:arrow-flight-sql://127.0.0.1:" + server.flightSqlPort() + "?useEncryption=false";
        return new SqeConnections(driver, url, "tpch", "unused", Optional.of(server));
    }

    /** A server that is already running, e.g. {@code jdbc:arrow-flight-sql://host:50051?useEncryption=false}. */
    static SqeConnections remote(Driver driver, String url, String user, String password) {
        return new SqeConnections(driver, url, user, password, Optional.empty());
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("The Flight SQL JDBC driver does not accept the URL " + url
                    + "; it must start with jdbc:arrow-flight-sql://");
        }
        return connection;
    }

    @Override
    public void close() {
        server.ifPresent(SqeServer::close);
    }
}
