package io.sqe.metrics;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.sqe.core.config.TracingConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry for SQE: a tracer, and W3C trace context extraction for the protocol edges. Disabled (the default)
 * it is the no-op implementation, so instrumented code costs nothing.
 */
public final class Tracing implements AutoCloseable {
    public static final String INSTRUMENTATION = "io.sqe";
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final OpenTelemetry openTelemetry;
    private final SdkTracerProvider provider;

    private Tracing(OpenTelemetry openTelemetry, SdkTracerProvider provider) {
        this.openTelemetry = requireNonNull(openTelemetry, "openTelemetry is null");
        this.provider = provider;
    }

    public static Tracing disabled() {
        return new Tracing(OpenTelemetry.noop(), null);
    }

    /** Tracing through an SDK provider the caller configured (tests use an in-memory exporter). */
    public static Tracing of(SdkTracerProvider provider) {
        return new Tracing(OpenTelemetrySdk.builder().setTracerProvider(provider).build(), provider);
    }

    public static Tracing create(TracingConfig config) {
        if (!config.enabled()) {
            return disabled();
        }
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName()))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.samplingRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder().setEndpoint(config.endpoint()).build()).build())
                .build();
        return of(provider);
    }

    public Tracer tracer() {
        return openTelemetry.getTracer(INSTRUMENTATION);
    }

    /** The trace context of a request's headers ({@code traceparent}, {@code tracestate}), or the current one. */
    public static Context extract(Map<String, String> headers) {
        return W3CTraceContextPropagator.getInstance().extract(Context.current(), headers, MAP_GETTER);
    }

    /** The W3C headers ({@code traceparent}, {@code tracestate}) that carry {@code context} to another process. */
    public static Map<String, String> inject(Context context) {
        Map<String, String> headers = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(context, headers, (carrier, key, value) -> carrier.put(key,
                value));
        return headers;
    }

    @Override
    public void close() {
        if (provider != null) {
            provider.forceFlush().join(10, TimeUnit.SECONDS);
            provider.close();
        }
    }
}
