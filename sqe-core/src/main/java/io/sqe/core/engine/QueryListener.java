package io.sqe.core.engine;

/**
 * Told about every finished statement. Called on the thread that finished the statement, so implementations must
 * be quick and must not throw; an exception is logged and otherwise ignored.
 */
@FunctionalInterface
public interface QueryListener {
    QueryListener NONE = completion -> {};

    /** A statement execution with this id began; its {@link #queryCompleted} follows. */
    default void queryStarted(String queryId) {}

    void queryCompleted(QueryCompletion completion);

    /** Both listeners, in order. */
    default QueryListener andThen(QueryListener next) {
        QueryListener first = this;
        return new QueryListener() {
            @Override
            public void queryStarted(String queryId) {
                first.queryStarted(queryId);
                next.queryStarted(queryId);
            }

            @Override
            public void queryCompleted(QueryCompletion completion) {
                first.queryCompleted(completion);
                next.queryCompleted(completion);
            }
        };
    }
}
