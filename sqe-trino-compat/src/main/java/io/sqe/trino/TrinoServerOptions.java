package io.sqe.trino;

import static java.util.Objects.requireNonNull;

import io.sqe.core.config.TlsConfig;
import java.time.Duration;

/**
 * How the Trino endpoint runs.
 *
 * @param host the address to bind
 * @param port the port; 0 picks a free one
 * @param maxRunningQueries queries that run at once; as many again times four wait in a queue
 * @param queryIdleTimeout how long a query nobody polls is kept before it is abandoned
 * @param reapInterval how often abandoned and finished queries are looked for
 * @param tls HTTPS instead of HTTP when enabled
 */
public record TrinoServerOptions(String host, int port, int maxRunningQueries, Duration queryIdleTimeout,
        Duration reapInterval, TlsConfig tls) {
    public static final int DEFAULT_MAX_RUNNING_QUERIES = 64;
    public static final Duration DEFAULT_QUERY_IDLE_TIMEOUT = Duration.ofMinutes(5);

    public TrinoServerOptions {
        requireNonNull(host, "host is null");
        requireNonNull(tls, "tls is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxRunningQueries < 1) {
            throw new IllegalArgumentException("maxRunningQueries must be at least 1: " + maxRunningQueries);
        }
        requireNonNull(queryIdleTimeout, "queryIdleTimeout is null");
        requireNonNull(reapInterval, "reapInterval is null");
        if (queryIdleTimeout.isNegative() || queryIdleTimeout.isZero() || reapInterval.isNegative()
                || reapInterval.isZero()) {
            throw new IllegalArgumentException("queryIdleTimeout and reapInterval must be positive");
        }
    }

    public static TrinoServerOptions of(String host, int port) {
        return new TrinoServerOptions(host, port, DEFAULT_MAX_RUNNING_QUERIES, DEFAULT_QUERY_IDLE_TIMEOUT,
                Duration.ofSeconds(5), TlsConfig.disabled());
    }

    public TrinoServerOptions withQueryIdleTimeout(Duration timeout, Duration interval) {
        return new TrinoServerOptions(host, port, maxRunningQueries, timeout, interval, tls);
    }

    /** HTTPS only, with the certificate and key of {@code newTls}. */
    public TrinoServerOptions withTls(TlsConfig newTls) {
        return new TrinoServerOptions(host, port, maxRunningQueries, queryIdleTimeout, reapInterval, newTls);
    }
}
