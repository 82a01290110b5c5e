package io.sqe.trino;

import io.sqe.core.engine.CatalogMetadata;
import io.sqe.core.engine.QueryEngine;
import io.sqe.core.engine.ResultStream;
import io.sqe.core.engine.StatementPlan;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A hand-written engine: {@code ROWS n} streams the numbers 0 .. n-1 in batches of 1,000, {@code FAIL} fails at
 * planning with a located syntax error, anything else is an update that counts 0. It counts open streams, so
 * tests can see that abandoned and cancelled queries release theirs.
 */
final class FakeEngine implements QueryEngine {
    static final Schema SCHEMA = new Schema(List.of(Field.nullable("n", new ArrowType.Int(64, true))));
    private static final int BATCH = 1_000;

    final AtomicInteger openStreams = new AtomicInteger();
    private final BufferAllocator allocator;

    FakeEngine(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public StatementPlan prepare(Session session, String sql) {
        if (sql.startsWith("FAIL")) {
            throw new SqeException(ErrorCode.SYNTAX_ERROR, "line 1:1: mismatched input 'FAIL'",
                    new SqeException.ErrorLocation(1, 1), null);
        }
        boolean rows = sql.startsWith("ROWS ");
        long count = rows ? Long.parseLong(sql.substring(5).trim()) : 0;
        return new StatementPlan() {
            @Override
            public String sql() {
                return sql;
            }

            @Override
            public boolean returnsRows() {
                return rows;
            }

            @Override
            public Schema resultSchema() {
                return SCHEMA;
            }

            @Override
            public Schema parameterSchema() {
                return new Schema(List.of());
            }

            @Override
            public ResultStream execute(List<Object> parameters) {
                return new Numbers(count);
            }
        };
    }

    @Override
    public CatalogMetadata metadata() {
        throw new UnsupportedOperationException("not used by the protocol");
    }

    private final class Numbers implements ResultStream {
        private final VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final long count;
        private long next;

        Numbers(long count) {
            this.count = count;
            openStreams.incrementAndGet();
        }

        @Override
        public VectorSchemaRoot root() {
            return root;
        }

        @Override
        public boolean next() {
            if (cancelled.get()) {
                throw new SqeException(ErrorCode.USER_CANCELED, "canceled");
            }
            if (next >= count) {
                return false;
            }
            int rows = (int) Math.min(BATCH, count - next);
            BigIntVector vector = (BigIntVector) root.getVector(0);
            vector.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                vector.set(i, next++);
            }
            root.setRowCount(rows);
            return true;
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
            root.close();
            openStreams.decrementAndGet();
        }
    }
}
