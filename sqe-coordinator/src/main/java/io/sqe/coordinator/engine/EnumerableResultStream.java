package io.sqe.coordinator.engine;

import io.sqe.core.engine.ResultStream;
import static java.util.Objects.requireNonNull;

import io.sqe.coordinator.result.RowBatchWriter;
import io.sqe.coordinator.scan.ExecutionScope;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Streams the rows of a running plan as Arrow batches. The plan starts on the first {@link #next()}; its
 * buffers live in the query's allocator, which this stream owns and closes on {@link #close()}.
 */
final class EnumerableResultStream implements ResultStream {
    static final int BATCH_ROWS = 4096;

    private final String queryId;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final RowBatchWriter writer;
    private final Supplier<Enumerator<Object>> opener;
    private final ExecutionScope scope;
    private final AtomicBoolean cancelled;
    private final long maxRows;
    private Enumerator<Object> rows;
    private long rowsReturned;
    private boolean finished;

    /** @param allocator the query's allocator (its limit is the memory limit); this stream closes it */
    EnumerableResultStream(String queryId, BufferAllocator allocator, Schema schema,
            Supplier<Enumerator<Object>> opener, ExecutionScope scope, AtomicBoolean cancelled, long maxRows) {
        this.queryId = requireNonNull(queryId, "queryId is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.root = VectorSchemaRoot.create(schema, allocator);
        this.writer = new RowBatchWriter(root);
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
            if (rows == null) {
                rows = opener.get();
            }
            writer.reset();
            while (writer.rowCount() < BATCH_ROWS) {
                if (cancelled.get()) {
                    throw new SqeException(ErrorCode.USER_CANCELED, "Query " + queryId + " was cancelled");
                }
                if (!rows.moveNext()) {
                    finished = true;
                    break;
                }
                if (++rowsReturned > maxRows) {
                    throw new SqeException(ErrorCode.EXCEEDED_RESULT_LIMIT, "Query " + queryId
                            + " returns more than " + maxRows + " rows ([query] max_result_rows); add a LIMIT");
                }
                writer.append(rows.current());
            }
            writer.finishBatch();
            return writer.rowCount() > 0;
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
            if (rows != null) {
                rows.close();
            }
        } catch (RuntimeException e) {
            // the plan failed or was cancelled; its resources are released by the scope below
        } finally {
            scope.close();
            root.close();
            allocator.close();
        }
    }
}
