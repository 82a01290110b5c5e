package io.sqe.coordinator.server;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.sqe.catalog.CatalogCallObserver;
import io.sqe.metrics.SqeMetrics;
import java.time.Duration;
import java.util.function.Supplier;

/** Times every catalog call ({@code sqe_catalog_call_seconds}) and traces it as a child of the current span. */
final class ObservedCatalogCalls implements CatalogCallObserver {
    private final SqeMetrics metrics;
    private final Tracer tracer;

    ObservedCatalogCalls(SqeMetrics metrics, Tracer tracer) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.tracer = requireNonNull(tracer, "tracer is null");
    }

    @Override
    public <T> T observe(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        Span span = tracer.spanBuilder("sqe.catalog." + operation).startSpan();
        try (Scope scope = span.makeCurrent()) {
            return call.get();
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
            metrics.catalogCall(operation, Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
