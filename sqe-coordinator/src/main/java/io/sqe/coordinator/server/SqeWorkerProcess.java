package io.sqe.coordinator.server;

import static java.util.Objects.requireNonNull;

import io.sqe.core.config.SqeConfig;
import io.sqe.core.config.WorkerConfig;
import io.sqe.worker.WorkerServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The composition root of {@code bin/sqe-server --mode worker}: an Arrow Flight server that runs signed ScanTasks.
 * Workers are stateless: no catalog, no sessions; everything a scan needs travels in its task.
 */
public final class SqeWorkerProcess implements AutoCloseable {
    private final BufferAllocator allocator;
    private final WorkerServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqeWorkerProcess(BufferAllocator allocator, WorkerServer server) {
        this.allocator = allocator;
        this.server = server;
    }

    public static SqeWorkerProcess start(SqeConfig config) {
        requireNonNull(config, "config is null");
        WorkerConfig worker = config.worker();
        BufferAllocator allocator = new RootAllocator();
        try {
            WorkerServer server = WorkerServer.start(worker.host(), worker.port(),
                    worker.secret().value().getBytes(StandardCharsets.UTF_8), worker.insecureDevelopmentSecret(),
                    allocator);
            return new SqeWorkerProcess(allocator, server);
        } catch (RuntimeException e) {
            allocator.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    /** Scan tasks this worker has started. */
    public long scannedTasks() {
        return server.startedStreams();
    }

    /** Scan tasks this worker is streaming now. */
    public int activeScans() {
        return server.activeStreams();
    }

    /** Stops the worker; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
        allocator.close();
    }
}
