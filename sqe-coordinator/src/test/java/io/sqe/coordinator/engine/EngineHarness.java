package io.sqe.coordinator.engine;

import io.sqe.core.engine.ResultStream;
import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.embedded.EmbeddedCatalogFactory;
import io.sqe.coordinator.scan.IcebergTableScanner;
import io.sqe.core.config.SqeConfig;
import io.sqe.core.session.Session;
import io.sqe.core.session.SessionUser;
import io.sqe.worker.ScanExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** The real engine over an embedded warehouse, without a network endpoint: fast SQL-level tests. */
final class EngineHarness implements AutoCloseable {
    private final RootAllocator allocator = new RootAllocator();
    private final JdbcCatalog icebergCatalog;
    private final ScanExecutor worker = new ScanExecutor();
    private final IcebergTableScanner scanner;
    private final SqeQueryEngine engine;
    private final Session session;

    private final java.util.List<io.sqe.core.engine.QueryCompletion> completions =
            java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    private final io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans =
            io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
    private final io.sqe.metrics.Tracing tracing = io.sqe.metrics.Tracing.of(
            io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                    .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(spans)).build());

    EngineHarness(Path warehouse) {
        this(warehouse, SqeConfig.defaults().query());
    }

    EngineHarness(Path warehouse, io.sqe.core.config.QueryConfig queryConfig) {
        SqeConfig defaults = SqeConfig.defaults();
        icebergCatalog = EmbeddedCatalogFactory.create(defaults.catalog().withWarehouse(warehouse));
        SessionCatalog catalog = new SessionCatalog("iceberg", icebergCatalog);
        scanner = new IcebergTableScanner(worker, queryConfig.scanParallelism());
        engine = new SqeQueryEngine(new io.sqe.catalog.SharedSessionCatalogs(catalog, () -> { }), scanner, allocator, queryConfig,
                completions::add, tracing.tracer());
        session = new Session(SessionUser.of("tester"), "127.0.0.1", "test", "iceberg", Optional.empty());
    }

    SqeQueryEngine engine() {
        return engine;
    }

    Session session() {
        return session;
    }

    /** Every statement's completion record, in order. */
    java.util.List<io.sqe.core.engine.QueryCompletion> completions() {
        return completions;
    }

    /** Every finished span. */
    java.util.List<io.opentelemetry.sdk.trace.data.SpanData> spans() {
        return spans.getFinishedSpanItems();
    }

    io.opentelemetry.api.trace.Tracer tracer() {
        return tracing.tracer();
    }

    /** The warehouse's Iceberg catalog, for tests that read tables through the scan API directly. */
    JdbcCatalog icebergCatalog() {
        return icebergCatalog;
    }

    RootAllocator allocator() {
        return allocator;
    }

    /** Runs one statement and returns its rows, each value as Arrow prints it (null as null). */
    List<List<Object>> run(String sql) {
        List<List<Object>> rows = new ArrayList<>();
        try (ResultStream stream = engine.prepare(session, sql).execute(List.of())) {
            VectorSchemaRoot root = stream.root();
            while (stream.next()) {
                for (int row = 0; row < root.getRowCount(); row++) {
                    List<Object> values = new ArrayList<>();
                    for (FieldVector vector : root.getFieldVectors()) {
                        Object value = vector.getObject(row);
                        values.add(value == null ? null : value.toString());
                    }
                    rows.add(values);
                }
            }
        }
        return rows;
    }

    @Override
    public void close() {
        tracing.close();
        scanner.close();
        worker.close();
        icebergCatalog.close();
        allocator.close();
    }
}
