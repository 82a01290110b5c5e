package io.sqe.coordinator.engine;

import static java.util.Objects.requireNonNull;

import io.sqe.coordinator.exec.ColumnarExecution;
import io.sqe.coordinator.scan.ExecutionScope;
import io.sqe.core.engine.ResultStream;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Streams the result batches of a columnar execution. The execution starts on the first {@link #next()}; its
 * buffers live in the query's allocator, which this stream owns and closes on {@link #close()}.
 */
final class ColumnarResultStream implements ResultStream {
    private final String queryId;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final Supplier<ColumnarExecution> opener;
    private final ExecutionScope scope;
    private final AtomicBoolean cancelled;
    private final long maxRows;
    private ColumnarExecution execution;
    private long rowsReturned;
    private boolean finished;

    /** @param allocator the query's allocator (its limit is the memory limit); this stream closes it */
    ColumnarResultStream(String queryId, BufferAllocator allocator, Schema schema, Supplier<ColumnarExecution> opener,
            ExecutionScope scope, AtomicBoolean cancelled, long maxRows) {
        this.queryId = requireNonNull(queryId, "queryId is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.root = VectorSchemaRoot.create(schema, allocator);
        this.opener = requireNonNull(opener, "opener is null");
        this.scope = requireNonNull(scope, "scope is null");
        this.cancelled = requireNonNull(cancelled, "cancelled is null");
        this.maxRows = maxRows;
    }

    @Override
    public VectorSchemaRoot root() {
        return root;
    }

    @Override
    public boolean next() {
        if (finished) {
            return false;
        }
        try {
            if (execution == null) {
                execution = opener.get();
            }
            if (!execution.nextInto(root)) {
                finished = true;
                root.setRowCount(0);
                return false;
            }
            rowsReturned += root.getRowCount();
            if (rowsReturned > maxRows) {
                throw new SqeException(ErrorCode.EXCEEDED_RESULT_LIMIT, "Query " + queryId + " returns more than "
                        + maxRows + " rows ([query] max_result_rows); add a LIMIT");
            }
            return true;
        } catch (RuntimeException | Error e) {
            finished = true;
            throw RuntimeErrors.translate(e, queryId);
        }
    }

    @Override
    public OptionalLong updateCount() {
        return OptionalLong.empty();
    }

    @Override
    public void cancel() {
        cancelled.set(true);
    }

    @Override
    public void close() {
        try {
            if (execution != null) {
                execution.close();
            }
        } catch (RuntimeException e) {
            // the execution failed or was cancelled; its resources are released by the scope below
        } finally {
            scope.close();
            root.close();
            allocator.close();
        }
    }
}
