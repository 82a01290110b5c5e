package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code [worker]}: a worker process ({@code bin/sqe-server --mode worker}) that runs signed ScanTasks for a
 * coordinator over Arrow Flight.
 *
 * @param secret the shared secret ScanTasks are signed with; required unless {@code insecureDevelopmentSecret}
 * @param insecureDevelopmentSecret accept an empty secret (development only: anyone who reaches the port can scan)
 */
public record WorkerConfig(String host, int port, Secret secret, boolean insecureDevelopmentSecret) {
    public static final int DEFAULT_PORT = 50052;

    public WorkerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(secret, "secret is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    static WorkerConfig from(ConfigSource.Section section) {
        return new WorkerConfig(
                section.getString("host", CoordinatorConfig.DEFAULT_HOST),
                section.getInt("port", DEFAULT_PORT, 0, 65535),
                section.getSecret("worker_secret"),
                section.getBoolean("insecure_development_secret", false));
    }

    public WorkerConfig withPort(int newPort) {
        return new WorkerConfig(host, newPort, secret, insecureDevelopmentSecret);
    }

    public WorkerConfig withSecret(Secret newSecret) {
        return new WorkerConfig(host, port, newSecret, insecureDevelopmentSecret);
    }
}
