package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code [metrics.otel]}: OpenTelemetry traces, exported over OTLP/HTTP. Off by default.
 *
 * @param endpoint the OTLP/HTTP traces endpoint, e.g. {@code http://127.0.0.1:4318/v1/traces}
 * @param samplingRatio the share of new traces recorded (a client's sampled parent is always followed)
 */
public record TracingConfig(boolean enabled, String endpoint, double samplingRatio, String serviceName) {
    public TracingConfig {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(serviceName, "serviceName is null");
        if (samplingRatio < 0 || samplingRatio > 1) {
            throw new IllegalArgumentException("samplingRatio must be between 0 and 1: " + samplingRatio);
        }
    }

    static TracingConfig from(ConfigSource.Section section) {
        String ratio = section.getString("sampling_ratio", "1.0").trim();
        double samplingRatio;
        try {
            samplingRatio = Double.parseDouble(ratio);
        } catch (NumberFormatException e) {
            throw section.invalid("sampling_ratio", "'" + ratio + "' is not a number");
        }
        if (samplingRatio < 0 || samplingRatio > 1) {
            throw section.invalid("sampling_ratio", ratio + " is outside 0..1");
        }
        return new TracingConfig(section.getBoolean("enabled", false),
                section.getString("endpoint", "http://127.0.0.1:4318/v1/traces"), samplingRatio,
                section.getString("service_name", "sqe"));
    }

    public TracingConfig withEnabled(boolean newEnabled, String newEndpoint) {
        return new TracingConfig(newEnabled, newEndpoint, samplingRatio, serviceName);
    }
}
