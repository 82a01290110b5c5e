package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

/** {@code [coordinator]}: where clients reach the server, and ({@code [coordinator.tls]}) over what. */
public record CoordinatorConfig(String host, int flightSqlPort, int trinoHttpPort, TlsConfig tls) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_FLIGHT_SQL_PORT = 50051;
    public static final int DEFAULT_TRINO_HTTP_PORT = 8080;

    public CoordinatorConfig {
        requireNonNull(host, "host is null");
        requireNonNull(tls, "tls is null");
        if (flightSqlPort < 0 || flightSqlPort > 65535) {
            throw new IllegalArgumentException("flightSqlPort out of range: " + flightSqlPort);
        }
        if (trinoHttpPort < 0 || trinoHttpPort > 65535) {
            throw new IllegalArgumentException("trinoHttpPort out of range: " + trinoHttpPort);
        }
    }

    static CoordinatorConfig from(ConfigSource.Section section, ConfigSource.Section tls) {
        return new CoordinatorConfig(
                section.getString("host", DEFAULT_HOST),
                section.getInt("flight_sql_port", DEFAULT_FLIGHT_SQL_PORT, 0, 65535),
                section.getInt("trino_http_port", DEFAULT_TRINO_HTTP_PORT, 0, 65535),
                TlsConfig.from(tls));
    }

    /** Port 0 asks the operating system for a free port (tests). */
    public CoordinatorConfig withFlightSqlPort(int port) {
        return new CoordinatorConfig(host, port, trinoHttpPort, tls);
    }

    /** Port 0 asks the operating system for a free port (tests). */
    public CoordinatorConfig withTrinoHttpPort(int port) {
        return new CoordinatorConfig(host, flightSqlPort, port, tls);
    }

    public CoordinatorConfig withTls(TlsConfig newTls) {
        return new CoordinatorConfig(host, flightSqlPort, trinoHttpPort, newTls);
    }
}
