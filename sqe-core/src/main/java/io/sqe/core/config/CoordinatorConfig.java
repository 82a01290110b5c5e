package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

/** {@code [coordinator]}: where clients reach the server. */
public record CoordinatorConfig(String host, int flightSqlPort) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_FLIGHT_SQL_PORT = 50051;

    public CoordinatorConfig {
        requireNonNull(host, "host is null");
        if (flightSqlPort < 0 || flightSqlPort > 65535) {
            throw new IllegalArgumentException("flightSqlPort out of range: " + flightSqlPort);
        }
    }

    static CoordinatorConfig from(ConfigSource.Section section) {
        return new CoordinatorConfig(
                section.getString("host", DEFAULT_HOST),
                section.getInt("flight_sql_port", DEFAULT_FLIGHT_SQL_PORT, 0, 65535));
    }

    /** Port 0 asks the operating system for a free port (tests). */
    public CoordinatorConfig withFlightSqlPort(int port) {
        return new CoordinatorConfig(host, port);
    }
}
