package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The whole server configuration, loaded once at start-up. Every key is documented in
 * {@code config/sqe.toml.example}; every key has a default, so an empty file is a valid configuration.
 */
public record SqeConfig(CoordinatorConfig coordinator, CatalogConfig catalog, QueryConfig query,
        MetricsConfig metrics, TracingConfig tracing, WorkerConfig worker, AuthConfig auth, StorageConfig storage,
        PolicyConfig policy) {
    public SqeConfig {
        requireNonNull(coordinator, "coordinator is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(query, "query is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(tracing, "tracing is null");
        requireNonNull(worker, "worker is null");
        requireNonNull(auth, "auth is null");
        requireNonNull(storage, "storage is null");
        requireNonNull(policy, "policy is null");
    }

    /** The embedded default: no file, no environment. */
    public static SqeConfig defaults() {
        return from(ConfigSource.empty());
    }

    public static SqeConfig load(Optional<Path> file, Map<String, String> environment) {
        return from(ConfigSource.load(file, environment));
    }

    public static SqeConfig from(ConfigSource source) {
        SqeConfig config = new SqeConfig(
                CoordinatorConfig.from(source.section("coordinator"), source.section("coordinator_tls")),
                CatalogConfig.from(source.section("catalog")),
                QueryConfig.from(source.section("query")),
                MetricsConfig.from(source.section("metrics"), source.section("metrics_audit")),
                TracingConfig.from(source.section("metrics_otel")),
                WorkerConfig.from(source.section("worker")),
                AuthConfig.from(source.section("auth")),
                StorageConfig.from(source.section("storage")),
                PolicyConfig.from(source.section("policy")));
        source.rejectUnknownKeys();
        return config;
    }

    public SqeConfig withCoordinator(CoordinatorConfig coordinator) {
        return new SqeConfig(coordinator, catalog, query, metrics, tracing, worker, auth, storage, policy);
    }

    public SqeConfig withQuery(QueryConfig query) {
        return new SqeConfig(coordinator, catalog, query, metrics, tracing, worker, auth, storage, policy);
    }

    public SqeConfig withWorker(WorkerConfig worker) {
        return new SqeConfig(coordinator, catalog, query, metrics, tracing, worker, auth, storage, policy);
    }

    public SqeConfig withTracing(TracingConfig tracing) {
        return new SqeConfig(coordinator, catalog, query, metrics, tracing, worker, auth, storage, policy);
    }

    public SqeConfig withMetrics(MetricsConfig metrics) {
        return new SqeConfig(coordinator, catalog, query, metrics, tracing, worker, auth, storage, policy);
    }

    public SqeConfig withCatalog(CatalogConfig catalog) {
        return new SqeConfig(coordinator, catalog, query, metrics, tracing, worker, auth, storage, policy);
    }

    public SqeConfig withAuth(AuthConfig auth) {
        return new SqeConfig(coordinator, catalog, query, metrics, tracing, worker, auth, storage, policy);
    }

    public SqeConfig withStorage(StorageConfig storage) {
        return new SqeConfig(coordinator, catalog, query, metrics, tracing, worker, auth, storage, policy);
    }

    public SqeConfig withPolicy(PolicyConfig policy) {
        return new SqeConfig(coordinator, catalog, query, metrics, tracing, worker, auth, storage, policy);
    }
}
