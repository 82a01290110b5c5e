package io.sqe.coordinator.flight;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.sqe.core.engine.ResultStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The result streams being sent now, by ticket handle, so that CancelFlightInfo can reach them. */
final class RunningQueries {
    private final ConcurrentMap<ByteString, RunningQuery> running = new ConcurrentHashMap<>();

    /** Registers {@code stream}; the returned action unregisters it. */
    Runnable register(ByteString handle, String sessionId, ResultStream stream) {
        RunningQuery query = new RunningQuery(sessionId, stream);
        running.put(handle, query);
        return () -> running.remove(handle, query);
    }

    /** Cancels the stream of {@code handle} if it runs for {@code sessionId}; returns whether it did. */
    boolean cancel(ByteString handle, String sessionId) {
        RunningQuery query = running.get(handle);
        if (query == null || !query.sessionId().equals(sessionId)) {
            return false;
        }
        query.stream().cancel();
        return true;
    }

    void cancelAll() {
        running.values().forEach(query -> query.stream().cancel());
    }

    private record RunningQuery(String sessionId, ResultStream stream) {
        RunningQuery {
            requireNonNull(sessionId, "sessionId is null");
            requireNonNull(stream, "stream is null");
        }
    }
}
