package io.sqe.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sqe.core.engine.QueryCompletion;
import io.sqe.core.engine.QueryListener;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The server's Prometheus metrics. Label values are bounded: statement types, outcomes and error types, never
 * user names, SQL text or table names. Names follow Prometheus conventions (units in the name, {@code _total} on
 * counters); docs/operations.md lists them all.
 */
public final class SqeMetrics implements QueryListener, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final java.util.Set<String> activeQueries = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Counter rowsReturned;
    private final Counter rowsScanned;
    private final Counter bytesScanned;
    private final Counter filesScanned;
    private final Counter filesPruned;
    private final Counter auditFailures;

    public SqeMetrics() {
        // Two of Micrometer's processor meters break Prometheus naming rules (promtool lints them): a "_count"
        // gauge and a nanosecond counter. Rename the first and drop the second (process_cpu_usage remains).
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus.available") : id;
            }
        });
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("sqe.queries.active", activeQueries, java.util.Set::size)
                .description("Statements running now").register(registry);
        rowsReturned = Counter.builder("sqe.rows.returned").description("Rows returned to clients").register(registry);
        rowsScanned = Counter.builder("sqe.scan.rows").description("Rows read from data files").register(registry);
        bytesScanned = Counter.builder("sqe.scan.bytes").description("Bytes of data files planned for reading")
                .register(registry);
        filesScanned = Counter.builder("sqe.scan.files").tag("result", "read")
                .description("Data files considered by scans, by whether pruning skipped them").register(registry);
        filesPruned = Counter.builder("sqe.scan.files").tag("result", "pruned")
                .description("Data files considered by scans, by whether pruning skipped them").register(registry);
        auditFailures = Counter.builder("sqe.audit.write.failures")
                .description("Audit records that could not be written").register(registry);
    }

    /** A gauge read on every scrape, e.g. open sessions or Arrow memory in use. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    /** Arrow memory in use by one allocator pool, in bytes. */
    public void arrowMemory(String pool, Supplier<Number> allocatedBytes) {
        Gauge.builder("sqe.arrow.memory.allocated", allocatedBytes, supplier -> supplier.get().doubleValue())
                .baseUnit("bytes").tag("pool", pool).description("Arrow memory in use").register(registry);
    }

    public void authAttempt(boolean succeeded) {
        Counter.builder("sqe.auth.attempts").tag("outcome", succeeded ? "success" : "failure")
                .description("Authentication attempts by outcome").register(registry).increment();
    }

    public void catalogCall(String operation, Duration duration) {
        Timer.builder("sqe.catalog.call").tag("operation", operation).description("Catalog call latency")
                .register(registry).record(duration);
    }

    void auditWriteFailed() {
        auditFailures.increment();
    }

    @Override
    public void queryStarted(String queryId) {
        activeQueries.add(queryId);
    }

    @Override
    public void queryCompleted(QueryCompletion completion) {
        activeQueries.remove(completion.queryId());
        String type = completion.statementType().toLowerCase(Locale.ROOT);
        String outcome = completion.error().map(code -> code.type().name().toLowerCase(Locale.ROOT)).orElse("success");
        Counter.builder("sqe.queries").tag("statement_type", type).tag("outcome", outcome)
                .description("Statements by type and outcome").register(registry).increment();
        Timer.builder("sqe.query.duration").tag("statement_type", type).publishPercentileHistogram()
                .description("Statement duration, from start to the last row").register(registry)
                .record(completion.elapsed());
        completion.timeToFirstRow().ifPresent(latency -> Timer.builder("sqe.query.first.row")
                .publishPercentileHistogram().description("Time until the first batch of rows was ready")
                .register(registry).record(latency));
        DistributionSummary.builder("sqe.query.rows").baseUnit("rows").description("Rows returned per statement")
                .register(registry).record(completion.rowsReturned());
        rowsReturned.increment(completion.rowsReturned());
        rowsScanned.increment(completion.scan().rows());
        bytesScanned.increment(completion.scan().bytes());
        filesScanned.increment(completion.scan().filesScanned());
        filesPruned.increment(completion.scan().filesPruned());
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    PrometheusMeterRegistry registry() {
        return requireNonNull(registry);
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
