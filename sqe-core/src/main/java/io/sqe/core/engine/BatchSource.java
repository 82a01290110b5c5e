package io.sqe.core.engine;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Arrow batches produced one at a time into one reused root: what a Flight stream sends, whether it is a
 * statement's result or a worker's scan. Single consumer; {@link #cancel()} may be called from any thread.
 */
public interface BatchSource extends AutoCloseable {
    /** The root that {@link #next()} fills; owned by the source. */
    VectorSchemaRoot root();

    /** Loads the next batch into {@link #root()}; false when there are no more rows. */
    boolean next();

    /** Makes a pending or later {@link #next()} stop; callable from any thread. */
    void cancel();

    /** Releases every buffer. */
    @Override
    void close();
}
