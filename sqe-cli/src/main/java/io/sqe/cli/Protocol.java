package io.sqe.cli;

/** The client protocol the CLI speaks to the server. */
public enum Protocol {
    /** Arrow Flight SQL on the coordinator's {@code flight_sql_port}. */
    FLIGHT(50051),
    /** The Trino client protocol (HTTP and JSON) on the coordinator's {@code trino_http_port}. */
    TRINO(8080);

    private final int defaultPort;

    Protocol(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
