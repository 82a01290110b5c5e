package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * {@code [worker]}: a worker process ({@code bin/sqe-server --mode worker}) that runs signed ScanTasks for a
 * coordinator over Arrow Flight.
 *
 * @param secret the shared secret ScanTasks and heartbeats are signed with; required unless
 *     {@code insecureDevelopmentSecret}
 * @param insecureDevelopmentSecret accept an empty secret (development only: anyone who reaches the port can scan)
 * @param coordinatorUrl the coordinator's cluster endpoint, {@code grpc://host:cluster_port}, to register with
 *     ({@code coordinator_url}); empty for a worker the coordinator lists in {@code worker_urls}
 * @param advertiseUrl where the coordinator reaches this worker ({@code advertise_url}); empty for
 *     {@code grpc://host:port}
 * @param heartbeatIntervalMillis how often a registered worker sends a heartbeat ({@code heartbeat_interval_ms})
 */
public record WorkerConfig(String host, int port, Secret secret, boolean insecureDevelopmentSecret,
        String coordinatorUrl, String advertiseUrl, long heartbeatIntervalMillis) {
    public static final int DEFAULT_PORT = 50052;
    public static final long DEFAULT_HEARTBEAT_INTERVAL_MILLIS = 3_000;

    public WorkerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(secret, "secret is null");
        coordinatorUrl = requireNonNull(coordinatorUrl, "coordinatorUrl is null").trim();
        advertiseUrl = requireNonNull(advertiseUrl, "advertiseUrl is null").trim();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (heartbeatIntervalMillis < 1) {
            throw new IllegalArgumentException("heartbeatIntervalMillis must be positive: " + heartbeatIntervalMillis);
        }
    }

    /** A worker the coordinator lists in {@code worker_urls}. */
    public WorkerConfig(String host, int port, Secret secret, boolean insecureDevelopmentSecret) {
        this(host, port, secret, insecureDevelopmentSecret, "", "", DEFAULT_HEARTBEAT_INTERVAL_MILLIS);
    }

    static WorkerConfig from(ConfigSource.Section section) {
        return new WorkerConfig(
                section.getString("host", CoordinatorConfig.DEFAULT_HOST),
                section.getInt("port", DEFAULT_PORT, 0, 65535),
                section.getSecret("worker_secret"),
                section.getBoolean("insecure_development_secret", false),
                section.getString("coordinator_url", ""),
                section.getString("advertise_url", ""),
                section.getLong("heartbeat_interval_ms", DEFAULT_HEARTBEAT_INTERVAL_MILLIS, 100, 60_000));
    }

    /** The coordinator to register with, if this worker registers. */
    public Optional<String> registration() {
        return coordinatorUrl.isEmpty() ? Optional.empty() : Optional.of(coordinatorUrl);
    }

    /** The URL this worker registers under: {@code advertise_url}, or {@code grpc://host:boundPort}. */
    public String advertiseUrl(int boundPort) {
        return advertiseUrl.isEmpty() ? "grpc://" + host.trim() + ":" + boundPort : advertiseUrl;
    }

    public WorkerConfig withPort(int newPort) {
        return new WorkerConfig(host, newPort, secret, insecureDevelopmentSecret, coordinatorUrl, advertiseUrl,
                heartbeatIntervalMillis);
    }

    public WorkerConfig withSecret(Secret newSecret) {
        return new WorkerConfig(host, port, newSecret, insecureDevelopmentSecret, coordinatorUrl, advertiseUrl,
                heartbeatIntervalMillis);
    }

    /** A worker that registers with the coordinator at {@code url} every {@code intervalMillis}. */
    public WorkerConfig withRegistration(String url, long intervalMillis) {
        return new WorkerConfig(host, port, secret, insecureDevelopmentSecret, url, advertiseUrl, intervalMillis);
    }
}
