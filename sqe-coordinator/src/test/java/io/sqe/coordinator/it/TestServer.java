package io.sqe.coordinator.it;

import io.sqe.coordinator.server.SqeServer;
import io.sqe.core.config.SqeConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** A standalone server on a random loopback port over a test warehouse, and JDBC connections to it. */
final class TestServer implements AutoCloseable {
    private final SqeServer server;
    private final Path warehouse;

    private TestServer(SqeServer server, Path warehouse) {
        this.server = server;
        this.warehouse = warehouse;
    }

    static TestServer start(Path warehouse) {
        return start(warehouse, SqeConfig.defaults());
    }

    /** Starts with {@code config}, on a random port and over {@code warehouse}. */
    static TestServer start(Path warehouse, SqeConfig config) {
        return start(warehouse, config, false);
    }

    /** As {@link #start(Path, SqeConfig)}, in {@code --mode coordinator} when {@code coordinator} is true. */
    static TestServer start(Path warehouse, SqeConfig config, boolean coordinator) {
        SqeConfig testConfig = config
                .withCoordinator(config.coordinator().withFlightSqlPort(0).withTrinoHttpPort(0).withClusterPort(0))
                .withCatalog(config.catalog().withWarehouse(warehouse))
                .withMetrics(config.metrics().withPort(0));
        return new TestServer(SqeServer.start(testConfig, coordinator), warehouse);
    }

    /** Starts with {@code config} as given (its catalog included), on random ports. */
    static TestServer startAsConfigured(SqeConfig config) {
        SqeConfig testConfig = config
                .withCoordinator(config.coordinator().withFlightSqlPort(0).withTrinoHttpPort(0))
                .withMetrics(config.metrics().withPort(0));
        return new TestServer(SqeServer.start(testConfig), config.catalog().localDirectory());
    }

    int port() {
        return server.flightSqlPort();
    }

    int trinoPort() {
        return server.trinoHttpPort();
    }

    /** The port workers register on; only for a coordinator. */
    int clusterPort() {
        return server.clusterPort().orElseThrow();
    }

    int metricsPort() {
        return server.metricsPort().orElseThrow();
    }

    Path warehouse() {
        return warehouse;
    }

    String jdbcUrl() {
        return "jdbc:arrow-flight-sql://127.0.0.1:" + port() + "?useEncryption=false";
    }

    Connection connect(String user) throws SQLException {
        return connect(user, java.util.Map.of());
    }

    /** @param headers connection properties the driver does not know, which it sends as call headers */
    Connection connect(String user, java.util.Map<String, String> headers) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", "any");
        headers.forEach(properties::setProperty);
        Connection connection = FlightSqlJdbcDriver.INSTANCE.connect(jdbcUrl(), properties);
        if (connection == null) {
            throw new SQLException("The Flight SQL JDBC driver does not accept " + jdbcUrl());
        }
        return connection;
    }

    @Override
    public void close() {
        server.close();
    }
}
