package io.sqe.trino;

import static java.util.Objects.requireNonNull;

import io.sqe.core.engine.ResultStream;
import io.sqe.core.session.Session;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One statement submitted over the protocol. A worker thread (the producer) runs it and encodes each Arrow batch
 * into a page in a small bounded buffer, waiting while the buffer is full, so a slow client slows the query down
 * instead of filling the heap. Client requests (the consumer) take pages by token:
 * token {@code n+1} takes the next pages, token {@code n} gets the same answer again (a retry), older tokens are
 * gone (410) and later ones unknown (404).
 */
final class TrinoQuery {
    enum State { QUEUED, RUNNING, FINISHED, FAILED }

    private static final int PAGE_BUFFER = 4;
    /** Encoded characters per response; more is sent on the next poll. */
    private static final int TARGET_RESPONSE_CHARS = 1 << 20;
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long OFFER_WAIT_MILLIS = 100;

    private final String id;
    private final String slug;
    private final ClientRequest request;
    private final String sql;
    private final Session session;
    private final long createdNanos = System.nanoTime();
    private volatile long startedNanos;
    private volatile long lastAccessNanos = createdNanos;

    private final BlockingQueue<RowEncoder.Page> pages = new ArrayBlockingQueue<>(PAGE_BUFFER);
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile List<TrinoColumn> columns;
    private volatile String updateType;
    private volatile Long updateCount;
    private volatile QueryFailure failure;
    private volatile SessionChanges changes = SessionChanges.NONE;
    private volatile ResultStream stream;
    private volatile boolean producerDone;
    private volatile long processedRows;
    private volatile long processedBytes;

    // Consumer side, guarded by this.
    private long lastToken = -1;
    private ProtocolResponse lastResponse;
    private boolean sentRows;
    private boolean finalSent;

    TrinoQuery(String id, String slug, ClientRequest request, String sql, Session session) {
        this.id = requireNonNull(id, "id is null");
        this.slug = requireNonNull(slug, "slug is null");
        this.request = requireNonNull(request, "request is null");
        this.sql = requireNonNull(sql, "sql is null");
        this.session = requireNonNull(session, "session is null");
    }

    String id() {
        return id;
    }

    String slug() {
        return slug;
    }

    ClientRequest request() {
        return request;
    }

    String sql() {
        return sql;
    }

    Session session() {
        return session;
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    // Producer side

    /** Marks the query running; false when it was cancelled before a thread picked it up. */
    boolean start() {
        startedNanos = System.nanoTime();
        return !cancelled.get();
    }

    void describe(List<TrinoColumn> resultColumns, Optional<String> type) {
        this.updateType = type.orElse(null);
        this.columns = List.copyOf(resultColumns);
    }

    /** Lets {@link #cancel} reach a running stream. */
    void attach(ResultStream resultStream) {
        this.stream = resultStream;
        if (cancelled.get()) {
            resultStream.cancel();
        }
    }

    /** Hands a page to the client, waiting while the buffer is full; false when the query was cancelled meanwhile. */
    boolean offer(RowEncoder.Page page) {
        processedRows += page.rows();
        processedBytes += page.rowsJson().length();
        try {
            while (!cancelled.get()) {
                if (pages.offer(page, OFFER_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    void updateCount(long count) {
        this.updateCount = count;
    }

    void changes(SessionChanges sessionChanges) {
        this.changes = requireNonNull(sessionChanges, "sessionChanges is null");
    }

    /** The producer's last call, however it ended. */
    void finish(Optional<QueryFailure> queryFailure) {
        if (queryFailure.isPresent()) {
            failure = queryFailure.get();
            pages.clear();
        }
        stream = null;
        producerDone = true;
    }

    // Client side

    /** Stops the query: a running stream is cancelled, and its thread stops at the next batch. */
    void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            ResultStream running = stream;
            if (running != null) {
                running.cancel();
            }
            pages.clear();
        }
    }

    /** The answer to the POST that created the query. */
    synchronized ProtocolResponse initialResponse(URI base) {
        lastResponse = response(base, 0, List.of(), false);
        return lastResponse;
    }

    /** The answer to a GET of {@code nextUri} with {@code token}; may wait up to a second for rows. */
    synchronized ProtocolResponse poll(long token, URI base) {
        lastAccessNanos = System.nanoTime();
        if (token == lastToken) {
            return lastResponse;
        }
        if (token < lastToken) {
            return ProtocolResponse.status(410);
        }
        if (token != lastToken + 1 || finalSent) {
            return ProtocolResponse.status(404);
        }
        List<RowEncoder.Page> taken = take();
        boolean done = producerDone && pages.isEmpty();
        lastToken = token;
        lastResponse = response(base, token + 1, taken, done);
        finalSent = done;
        lastAccessNanos = System.nanoTime();
        return lastResponse;
    }

    /** Whether no client has asked for this query for {@code idleNanos}. */
    boolean idleFor(long idleNanos, long nowNanos) {
        return nowNanos - lastAccessNanos > idleNanos;
    }

    synchronized boolean finalSent() {
        return finalSent;
    }

    State state() {
        if (!producerDone) {
            return startedNanos == 0 ? State.QUEUED : State.RUNNING;
        }
        return failure != null ? State.FAILED : State.FINISHED;
    }

    private List<RowEncoder.Page> take() {
        List<RowEncoder.Page> taken = new ArrayList<>();
        long chars = 0;
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        try {
            while (chars < TARGET_RESPONSE_CHARS && !cancelled.get()) {
                RowEncoder.Page page = pages.poll();
                if (page == null) {
                    long remaining = deadline - System.nanoTime();
                    if (!taken.isEmpty() || (producerDone && pages.isEmpty()) || remaining <= 0) {
                        break;
                    }
                    page = pages.poll(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(20)), TimeUnit.NANOSECONDS);
                    if (page == null) {
                        continue;
                    }
                }
                taken.add(page);
                chars += page.rowsJson().length();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return taken;
    }

    private ProtocolResponse response(URI base, long nextToken, List<RowEncoder.Page> taken, boolean done) {
        QueryFailure failed = done ? failure : null;
        List<TrinoColumn> known = failed == null ? columns : null;
        Optional<String> data = Optional.empty();
        StringBuilder rows = new StringBuilder();
        for (RowEncoder.Page page : taken) {
            if (page.rows() > 0) {
                if (rows.length() > 0) {
                    rows.append(',');
                }
                rows.append(page.rowsJson());
            }
        }
        if (rows.length() > 0) {
            sentRows = true;
            data = Optional.of(rows.toString());
        } else if (done && known != null && !known.isEmpty() && !sentRows) {
            data = Optional.of("");
        }
        State state = done ? (failed != null ? State.FAILED : State.FINISHED)
                : (startedNanos == 0 ? State.QUEUED : State.RUNNING);
        long now = System.nanoTime();
        long started = startedNanos == 0 ? now : startedNanos;
        QueryResults results = new QueryResults(id, base.resolve("/v1/query/" + id),
                done ? Optional.empty() : Optional.of(base.resolve("/v1/statement/executing/" + id + "/" + slug + "/"
                        + nextToken)),
                Optional.ofNullable(known), known == null ? Optional.empty() : data,
                new QueryResults.Stats(state.name(), TimeUnit.NANOSECONDS.toMillis(started - createdNanos),
                        TimeUnit.NANOSECONDS.toMillis(now - createdNanos), processedRows, processedBytes),
                Optional.ofNullable(failed), Optional.ofNullable(failed == null ? updateType : null),
                failed == null && updateCount != null ? OptionalLong.of(updateCount) : OptionalLong.empty());
        return new ProtocolResponse(200, results.toJson(), done && failed == null ? changes.headers()
                : Map.of());
    }
}
