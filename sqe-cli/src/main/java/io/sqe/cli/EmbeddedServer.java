package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import io.sqe.coordinator.flight.ArtifactVersion;
import io.sqe.coordinator.server.SqeServer;
import io.sqe.core.config.SqeConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** An SQE server started inside the CLI's process (--embedded), on 127.0.0.1 and a free port. */
final class EmbeddedServer implements AutoCloseable {
    private final SqeServer server;
    private final SqeConfig config;

    private EmbeddedServer(SqeServer server, SqeConfig config) {
        this.server = server;
        this.config = config;
    }

    static EmbeddedServer start(Optional<Path> configFile, Optional<Path> warehouse, Map<String, String> environment) {
        requireNonNull(warehouse, "warehouse is null");
        SqeConfig config = SqeConfig.load(requireNonNull(configFile, "configFile is null"), environment);
        // An embedded server serves only this CLI: a random port, and no metrics endpoint to collide with a server's.
        config = config.withCoordinator(config.coordinator().withFlightSqlPort(0).withTrinoHttpPort(0))
                .withMetrics(config.metrics().withEnabled(false));
        if (warehouse.isPresent()) {
            config = config.withCatalog(config.catalog().withWarehouse(warehouse.get()));
        }
        return new EmbeddedServer(SqeServer.start(config), config);
    }

    int port(Protocol protocol) {
        return switch (protocol) {
            case FLIGHT -> server.flightSqlPort();
            case TRINO -> server.trinoHttpPort();
        };
    }

    String banner() {
        return "SQE " + ArtifactVersion.server() + " embedded server, warehouse "
                + config.catalog().localDirectory().toAbsolutePath().normalize();
    }

    @Override
    public void close() {
        server.close();
    }
}
