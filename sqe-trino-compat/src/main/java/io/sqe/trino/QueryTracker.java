package io.sqe.trino;

import static java.util.Objects.requireNonNull;

import io.sqe.core.concurrent.NamedThreadFactory;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queries of one endpoint: starts them on a bounded pool, finds them by id and slug, and forgets them. A query
 * whose client stopped asking for it is abandoned after the idle timeout: it is cancelled and its buffers are
 * released. A finished query is kept briefly after its last answer, for a client retrying that answer.
 */
final class QueryTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryTracker.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT);
    private static final long FINISHED_LINGER_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final int QUEUED_PER_RUNNING = 4;

    private final StatementRunner runner;
    private final int maxRunningQueries;
    private final long idleTimeoutNanos;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService reaper;
    private final ConcurrentMap<String, TrinoQuery> queries = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private final String instance;

    QueryTracker(StatementRunner runner, int maxRunningQueries, Duration idleTimeout, Duration reapInterval) {
        this.runner = requireNonNull(runner, "runner is null");
        if (maxRunningQueries < 1) {
            throw new IllegalArgumentException("maxRunningQueries must be at least 1: " + maxRunningQueries);
        }
        this.maxRunningQueries = maxRunningQueries;
        this.idleTimeoutNanos = requireNonNull(idleTimeout, "idleTimeout is null").toNanos();
        this.executor = new ThreadPoolExecutor(maxRunningQueries, maxRunningQueries, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(maxRunningQueries * QUEUED_PER_RUNNING),
                new NamedThreadFactory("sqe-trino-query", NamedThreadFactory.QUERY_STACK_BYTES));
        executor.allowCoreThreadTimeOut(true);
        this.reaper = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("sqe-trino-reaper", 0));
        long interval = requireNonNull(reapInterval, "reapInterval is null").toMillis();
        reaper.scheduleWithFixedDelay(this::reap, interval, interval, TimeUnit.MILLISECONDS);
        byte[] bytes = new byte[3];
        random.nextBytes(bytes);
        this.instance = HexFormat.of().formatHex(bytes).substring(0, 5);
    }

    /** Registers the query and queues it; it fails at once when the server is full. */
    TrinoQuery submit(ClientRequest request, String sql, Session session) {
        byte[] slug = new byte[12];
        random.nextBytes(slug);
        TrinoQuery query = new TrinoQuery(newId(), HexFormat.of().formatHex(slug), request, sql, session);
        queries.put(query.id(), query);
        try {
            executor.execute(() -> runner.run(query));
        } catch (RejectedExecutionException e) {
            query.start();
            query.finish(Optional.of(QueryFailure.of(new SqeException(ErrorCode.SERVER_BUSY,
                    "the server is already running " + maxRunningQueries + " queries and has no room to queue more; "
                            + "try again when some have finished"))));
        }
        return query;
    }

    /** The query with this id, if it is still known and the slug matches. */
    Optional<TrinoQuery> find(String id, String slug) {
        TrinoQuery query = queries.get(id);
        if (query == null || !query.slug().equals(slug)) {
            return Optional.empty();
        }
        return Optional.of(query);
    }

    Optional<TrinoQuery> find(String id) {
        return Optional.ofNullable(queries.get(id));
    }

    void cancel(TrinoQuery query) {
        query.cancel();
        queries.remove(query.id(), query);
    }

    int size() {
        return queries.size();
    }

    void reap() {
        long now = System.nanoTime();
        for (TrinoQuery query : queries.values()) {
            if (query.finalSent() && query.idleFor(FINISHED_LINGER_NANOS, now)) {
                queries.remove(query.id(), query);
            } else if (query.idleFor(idleTimeoutNanos, now)) {
                log.info("Abandoning query {} of {}: no client asked for it for {} s", query.id(),
                        query.request().user(), TimeUnit.NANOSECONDS.toSeconds(idleTimeoutNanos));
                cancel(query);
            }
        }
    }

    /** Cancels every query and stops the threads; waits briefly for running queries to release their streams. */
    @Override
    public void close() {
        reaper.shutdownNow();
        queries.values().forEach(this::cancel);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Trino's shape, {@code 20240105_101500_00001_abcde}: clients and people recognise it. */
    private String newId() {
        return ID_TIME.format(LocalDateTime.now(ZoneOffset.UTC)) + "_"
                + String.format(Locale.ROOT, "%05d", sequence.incrementAndGet() % 100_000) + "_" + instance;
    }
}
