package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code [metrics]} and {@code [metrics.audit]}: the Prometheus/health endpoint and the JSONL audit trail.
 *
 * @param auditPath the audit file; empty means {@code <warehouse>/audit/sqe-audit.jsonl}
 */
public record MetricsConfig(boolean enabled, String host, int port, boolean auditEnabled, Optional<Path> auditPath,
        long auditMaxFileBytes, int auditMaxFiles) {
    public static final int DEFAULT_PORT = 9090;

    public MetricsConfig {
        requireNonNull(host, "host is null");
        requireNonNull(auditPath, "auditPath is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    static MetricsConfig from(ConfigSource.Section metrics, ConfigSource.Section audit) {
        return new MetricsConfig(
                metrics.getBoolean("enabled", true),
                metrics.getString("host", CoordinatorConfig.DEFAULT_HOST),
                metrics.getInt("port", DEFAULT_PORT, 0, 65535),
                audit.getBoolean("enabled", true),
                audit.getOptional("path").map(Path::of),
                audit.getLong("max_file_bytes", 100L * 1024 * 1024, 1024, Long.MAX_VALUE),
                audit.getInt("max_files", 10, 1, 10_000));
    }

    /** Port 0 asks the operating system for a free port (tests). */
    public MetricsConfig withPort(int newPort) {
        return new MetricsConfig(enabled, host, newPort, auditEnabled, auditPath, auditMaxFileBytes, auditMaxFiles);
    }

    public MetricsConfig withEnabled(boolean newEnabled) {
        return new MetricsConfig(newEnabled, host, port, auditEnabled, auditPath, auditMaxFileBytes, auditMaxFiles);
    }

    public MetricsConfig withAuditPath(Path path) {
        return new MetricsConfig(enabled, host, port, auditEnabled, Optional.of(path), auditMaxFileBytes,
                auditMaxFiles);
    }

    /** The audit file, resolved against the warehouse when not configured. */
    public Path resolvedAuditPath(Path warehouse) {
        return auditPath.orElse(warehouse.resolve("audit").resolve("sqe-audit.jsonl"));
    }
}
