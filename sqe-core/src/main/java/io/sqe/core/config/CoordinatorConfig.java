package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code [coordinator]}: where clients reach the server, ({@code [coordinator.tls]}) over what, and, for
 * {@code --mode coordinator}, the workers that run its scans.
 *
 * @param workerUrls the workers' Flight addresses ({@code grpc://host:port}), given as {@code worker_urls}, a
 *     comma-separated list; used only by {@code --mode coordinator}
 * @param distributionThresholdBytes scans that read fewer bytes than this run in the coordinator's own process
 * @param clusterPort where {@code --mode coordinator} takes the heartbeats of workers that register
 *     ({@code [worker] coordinator_url}), on {@code host}
 * @param drainTimeout how long shutdown waits for running statements to finish ({@code drain_timeout_seconds}),
 *     refusing new ones meanwhile; zero stops them at once
 */
public record CoordinatorConfig(String host, int flightSqlPort, int trinoHttpPort, TlsConfig tls,
        List<String> workerUrls, long distributionThresholdBytes, int clusterPort, Duration drainTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_FLIGHT_SQL_PORT = 50051;
    public static final int DEFAULT_TRINO_HTTP_PORT = 8080;
    public static final long DEFAULT_DISTRIBUTION_THRESHOLD_BYTES = 16L << 20;
    public static final int DEFAULT_CLUSTER_PORT = 50053;
    /** Inside Kubernetes' default 30 s termination grace period. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(25);

    public CoordinatorConfig {
        requireNonNull(host, "host is null");
        requireNonNull(tls, "tls is null");
        workerUrls = List.copyOf(requireNonNull(workerUrls, "workerUrls is null"));
        if (distributionThresholdBytes < 0) {
            throw new IllegalArgumentException("distributionThresholdBytes is negative: " + distributionThresholdBytes);
        }
        if (flightSqlPort < 0 || flightSqlPort > 65535) {
            throw new IllegalArgumentException("flightSqlPort out of range: " + flightSqlPort);
        }
        if (trinoHttpPort < 0 || trinoHttpPort > 65535) {
            throw new IllegalArgumentException("trinoHttpPort out of range: " + trinoHttpPort);
        }
        if (clusterPort < 0 || clusterPort > 65535) {
            throw new IllegalArgumentException("clusterPort out of range: " + clusterPort);
        }
        requireNonNull(drainTimeout, "drainTimeout is null");
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout is negative: " + drainTimeout);
        }
    }

    /** A coordinator without workers. */
    public CoordinatorConfig(String host, int flightSqlPort, int trinoHttpPort, TlsConfig tls) {
        this(host, flightSqlPort, trinoHttpPort, tls, List.of(), DEFAULT_DISTRIBUTION_THRESHOLD_BYTES,
                DEFAULT_CLUSTER_PORT, DEFAULT_DRAIN_TIMEOUT);
    }

    static CoordinatorConfig from(ConfigSource.Section section, ConfigSource.Section tls) {
        List<String> workerUrls = new ArrayList<>();
        for (String url : section.getString("worker_urls", "").split(",")) {
            if (!url.isBlank()) {
                workerUrls.add(url.trim());
            }
        }
        return new CoordinatorConfig(
                section.getString("host", DEFAULT_HOST),
                section.getInt("flight_sql_port", DEFAULT_FLIGHT_SQL_PORT, 0, 65535),
                section.getInt("trino_http_port", DEFAULT_TRINO_HTTP_PORT, 0, 65535),
                TlsConfig.from(tls),
                workerUrls,
                section.getLong("distribution_threshold_bytes", DEFAULT_DISTRIBUTION_THRESHOLD_BYTES, 0,
                        Long.MAX_VALUE),
                section.getInt("cluster_port", DEFAULT_CLUSTER_PORT, 0, 65535),
                Duration.ofSeconds(section.getLong("drain_timeout_seconds", DEFAULT_DRAIN_TIMEOUT.toSeconds(), 0,
                        3_600)));
    }

    public CoordinatorConfig withWorkers(List<String> urls, long thresholdBytes) {
        return new CoordinatorConfig(host, flightSqlPort, trinoHttpPort, tls, urls, thresholdBytes, clusterPort,
                drainTimeout);
    }

    /** Port 0 asks the operating system for a free port (tests). */
    public CoordinatorConfig withFlightSqlPort(int port) {
        return new CoordinatorConfig(host, port, trinoHttpPort, tls, workerUrls, distributionThresholdBytes,
                clusterPort, drainTimeout);
    }

    /** Port 0 asks the operating system for a free port (tests). */
    public CoordinatorConfig withTrinoHttpPort(int port) {
        return new CoordinatorConfig(host, flightSqlPort, port, tls, workerUrls, distributionThresholdBytes,
                clusterPort, drainTimeout);
    }

    public CoordinatorConfig withTls(TlsConfig newTls) {
        return new CoordinatorConfig(host, flightSqlPort, trinoHttpPort, newTls, workerUrls,
                distributionThresholdBytes, clusterPort, drainTimeout);
    }

    /** Port 0 asks the operating system for a free port (tests). */
    public CoordinatorConfig withClusterPort(int port) {
        return new CoordinatorConfig(host, flightSqlPort, trinoHttpPort, tls, workerUrls, distributionThresholdBytes,
                port, drainTimeout);
    }

    public CoordinatorConfig withDrainTimeout(Duration timeout) {
        return new CoordinatorConfig(host, flightSqlPort, trinoHttpPort, tls, workerUrls, distributionThresholdBytes,
                clusterPort, timeout);
    }
}
