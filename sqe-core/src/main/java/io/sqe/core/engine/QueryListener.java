package io.sqe.core.engine;

/**
 * Told about every finished statement. Called on the thread that finished the statement, so implementations must
 * be quick and must not throw; an exception is logged and otherwise ignored.
 */
@FunctionalInterface
public interface QueryListener {
    QueryListener NONE = completion -> {};

    void queryCompleted(QueryCompletion completion);
}
