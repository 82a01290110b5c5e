package io.sqe.cli;

import java.util.Optional;

/** A connection to an SQE server over one of the client protocols the CLI speaks. */
interface ServerConnection extends AutoCloseable {
    /**
     * Runs {@code sql}. A result set goes to {@code printer}; a statement without rows returns its update count
     * instead, and {@code printer} is not used.
     */
    Optional<Long> execute(String sql, ResultPrinter printer) throws Exception;

    /** Cancels the statement that is running now, if any; safe from any thread (e.g. a Ctrl-C handler). */
    void cancelCurrent();

    @Override
    void close();
}
