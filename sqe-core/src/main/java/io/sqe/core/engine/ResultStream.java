package io.sqe.core.engine;

import java.util.OptionalLong;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The rows of one execution, batch by batch, in one reused {@link VectorSchemaRoot}. Single consumer.
 * Closing releases every buffer; {@link #cancel()} may be called from any thread and makes a pending or
 * later {@link #next()} fail with USER_CANCELED.
 */
public interface ResultStream extends AutoCloseable {
    /** The root that {@link #next()} fills; owned by the stream. */
    VectorSchemaRoot root();

    /** Loads the next batch into {@link #root()}; false when there are no more rows. */
    boolean next();

    /** Rows affected, for statements that do not return rows. */
    OptionalLong updateCount();

    void cancel();

    @Override
    void close();
}
