package io.sqe.coordinator.engine;

import io.sqe.core.engine.ResultStream;
import io.sqe.coordinator.result.RowBatchWriter;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** A small result computed up front: SHOW CREATE TABLE, EXPLAIN, and the update count of DDL and DML. */
final class RowListResultStream implements ResultStream {
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final Iterator<Object[]> rows;
    private final OptionalLong updateCount;

    RowListResultStream(BufferAllocator parent, Schema schema, List<Object[]> rows, OptionalLong updateCount) {
        this.allocator = parent.newChildAllocator("rows", 0, Long.MAX_VALUE);
        this.root = VectorSchemaRoot.create(schema, allocator);
        this.rows = List.copyOf(rows).iterator();
        this.updateCount = updateCount;
    }

    @Override
    public VectorSchemaRoot root() {
        return root;
    }

    @Override
    public boolean next() {
        if (!rows.hasNext()) {
            return false;
        }
        RowBatchWriter writer = new RowBatchWriter(root);
        writer.reset();
        while (rows.hasNext() && writer.rowCount() < EnumerableResultStream.BATCH_ROWS) {
            writer.append(rows.next());
        }
        writer.finishBatch();
        return true;
    }

    @Override
    public OptionalLong updateCount() {
        return updateCount;
    }

    @Override
    public void cancel() {
        // computed before it was returned: nothing to stop
    }

    @Override
    public void close() {
        root.close();
        allocator.close();
    }
}
