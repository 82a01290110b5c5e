package io.sqe.core.engine;

import java.util.OptionalLong;

/**
 * The rows of one execution, batch by batch, in one reused root. Closing releases every buffer;
 * {@link #cancel()} makes a pending or later {@link #next()} fail with USER_CANCELED.
 */
public interface ResultStream extends BatchSource {
    /** Rows affected, for statements that do not return rows. */
    OptionalLong updateCount();
}
