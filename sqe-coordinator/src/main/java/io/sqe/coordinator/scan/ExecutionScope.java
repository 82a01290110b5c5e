package io.sqe.coordinator.scan;

import org.apache.arrow.memory.BufferAllocator;
import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.apache.calcite.DataContext;
import org.apache.iceberg.Table;

/**
 * State of one execution of a plan, reachable from its DataContext: the query id, the cancel flag, the
 * snapshot each table is read at (so a self-join reads one snapshot), and the scan resources to release
 * when the execution ends, however it ends.
 */
public final class ExecutionScope implements AutoCloseable {
    public static final String KEY = "sqe.executionScope";

    private final String queryId;
    private final AtomicBoolean cancelled;
    private final ScanCounters counters;
    private final Context traceContext;
    private final Tracer tracer;
    private final BufferAllocator allocator;
    private final Map<Table, Long> snapshots = new IdentityHashMap<>();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private boolean closed;

    /** @param allocator the query's own allocator, whose limit is the query's memory limit; the caller closes it */
    public ExecutionScope(String queryId, AtomicBoolean cancelled, ScanCounters counters, Context traceContext,
            Tracer tracer, BufferAllocator allocator) {
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.queryId = requireNonNull(queryId, "queryId is null");
        this.cancelled = requireNonNull(cancelled, "cancelled is null");
        this.counters = requireNonNull(counters, "counters is null");
        this.traceContext = requireNonNull(traceContext, "traceContext is null");
        this.tracer = requireNonNull(tracer, "tracer is null");
    }

    /** A span for work of this execution, a child of its query span whatever thread runs it. */
    Span startSpan(String name) {
        return tracer.spanBuilder(name).setParent(traceContext).setAttribute("sqe.query_id", queryId).startSpan();
    }

    /** The query's allocator: scan batches are charged to the query's memory limit. */
    public BufferAllocator allocator() {
        return allocator;
    }

    public static ExecutionScope from(DataContext context) {
        Object scope = context.get(KEY);
        if (!(scope instanceof ExecutionScope)) {
            throw new IllegalStateException("plan executed without an ExecutionScope");
        }
        return (ExecutionScope) scope;
    }

    public String queryId() {
        return queryId;
    }

    ScanCounters counters() {
        return counters;
    }

    /** Whether the query was cancelled; for the scan threads, which stop rather than throw. */
    boolean isCancelled() {
        return cancelled.get();
    }

    public void checkCancelled() {
        if (cancelled.get()) {
            throw new SqeException(ErrorCode.USER_CANCELED, "Query " + queryId + " was cancelled");
        }
    }

    /** The snapshot this execution reads {@code table} at, fixed by the first scan of the table. */
    public synchronized Long snapshotOf(Table table) {
        return snapshots.computeIfAbsent(table, ignored -> {
            table.refresh();
            return table.currentSnapshot() == null ? -1L : table.currentSnapshot().snapshotId();
        });
    }

    public synchronized void register(AutoCloseable resource) {
        if (closed) {
            closeQuietly(resource);
            throw new SqeException(ErrorCode.USER_CANCELED, "Query " + queryId + " has ended");
        }
        resources.push(resource);
    }

    public synchronized void release(AutoCloseable resource) {
        if (resources.remove(resource)) {
            closeQuietly(resource);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        while (!resources.isEmpty()) {
            closeQuietly(resources.pop());
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(ExecutionScope.class).warn("Failed to release a scan resource", e);
        }
    }
}
