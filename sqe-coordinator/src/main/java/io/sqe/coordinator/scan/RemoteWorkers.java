package io.sqe.coordinator.scan;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.context.Context;
import io.sqe.core.cluster.ClusterNode;
import io.sqe.core.concurrent.NamedThreadFactory;
import io.sqe.core.engine.BatchSource;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.ErrorType;
import io.sqe.core.error.SqeException;
import io.sqe.metrics.Tracing;
import io.sqe.planner.ScanTask;
import io.sqe.planner.ScanTaskCodec;
import io.sqe.planner.SignedScanTask;
import io.sqe.worker.FlightErrorTranslator;
import io.sqe.worker.FlightUrls;
import io.sqe.worker.WorkerHeartbeat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileScanTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of {@code --mode coordinator} and how one scan's tasks go to them.
 *
 * <p><b>Membership.</b> Workers are listed ({@code [coordinator] worker_urls}, kept for the coordinator's life) or
 * registered: a worker with {@code [worker] coordinator_url} sends a signed {@link WorkerHeartbeat} every few
 * seconds ({@link #heartbeat}), and is evicted when {@link WorkerHeartbeat#MISSED_HEARTBEATS} of them are missed or
 * when it says it is leaving. A restarted worker (a new node id at the same address) replaces the old entry.
 *
 * <p><b>Scheduling.</b> {@link #runnerFor} gives each task a preferred worker: the highest rendezvous hash of the
 * task's first file and the worker's URL, so a repeat scan of the same files lands on the same workers (warm footer
 * caches), unless that worker already has more than {@link #LOAD_FACTOR} times its share of the scan's bytes, when the
 * task goes to the next worker in its hash order (consistent hashing with bounded loads).
 *
 * <p><b>Failure.</b> A task that fails before it has streamed any row is sent to the next worker, at most
 * {@link #MAX_ATTEMPTS} times in all; a worker that could not be reached, or failed internally, is left out of
 * scheduling for {@link #DOWN_MILLIS} (listed or registered; heartbeats do not shorten it). A task that fails after
 * it has streamed rows fails the query with {@code WORKER_FAILED} naming the worker: rows already handed on cannot
 * be taken back, and running the task again would duplicate them. Errors the worker raised on purpose (a user
 * error, a denied read) keep their code and are not retried.
 *
 * <p>Thread-safe. The batches arrive in buffers of {@code allocator}, which must share its root with the queries'
 * allocators so that the scan can transfer them into the query's allocator.
 */
public final class RemoteWorkers implements AutoCloseable {
    static final int MAX_ATTEMPTS = 3;
    static final double LOAD_FACTOR = 1.25;
    static final long DOWN_MILLIS = 10_000;
    /** How far a heartbeat's clock may be from the coordinator's before it is refused as stale. */
    static final long MAX_CLOCK_SKEW_MILLIS = 60_000;

    private static final Logger log = LoggerFactory.getLogger(RemoteWorkers.class);
    private static final int STREAM_THREADS = 64;
    private static final long SWEEP_MILLIS = 250;
    private static final String LISTED = "static";
    private static final String REGISTERED = "registered";

    /** By URL, in URL order so that listings are stable. */
    private final ConcurrentSkipListMap<String, Worker> workers = new ConcurrentSkipListMap<>();
    /**
     * The send time of each node id's last accepted heartbeat, also after the node left or was evicted, so that
     * no heartbeat is accepted twice; kept until a replay would be refused as stale anyway.
     */
    private final ConcurrentHashMap<String, Long> lastSentAt = new ConcurrentHashMap<>();
    private final byte[] secret;
    private final BufferAllocator allocator;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService sweeper;

    /**
     * @param urls the listed workers' Flight addresses, {@code grpc://host:port}; empty when every worker registers
     * @param secret the worker secret tasks are signed and heartbeats checked with; copied, never logged
     * @param allocator the allocator of the Flight clients' buffers; the caller keeps ownership
     * @throws SqeException {@code CONFIGURATION_INVALID} for a malformed URL
     */
    public RemoteWorkers(List<String> urls, byte[] secret, BufferAllocator allocator) {
        requireNonNull(urls, "urls is null");
        this.secret = requireNonNull(secret, "secret is null").clone();
        this.allocator = requireNonNull(allocator, "allocator is null");
        try {
            for (String url : urls) {
                workers.put(url, new Worker(url, LISTED, client(url, "worker URL"), url, ""));
            }
        } catch (RuntimeException e) {
            workers.values().forEach(Worker::close);
            throw e;
        }
        this.pool = new ThreadPoolExecutor(STREAM_THREADS, STREAM_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(IcebergTableScanner.MAX_QUEUED_TASKS),
                new NamedThreadFactory("sqe-remote-scan", 0));
        pool.allowCoreThreadTimeOut(true);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("sqe-worker-sweeper", 0));
        sweeper.scheduleWithFixedDelay(this::evictSilentWorkers, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private FlightClient client(String url, String setting) {
        return FlightClient.builder(allocator, FlightUrls.location(url, setting)).build();
    }

    /** The pool the producers of distributed scans run on; they mostly wait on the network. */
    Executor pool() {
        return pool;
    }

    /** Workers not left out after a failure. */
    public int availableWorkers() {
        long now = System.currentTimeMillis();
        return (int) workers.values().stream().filter(worker -> worker.available(now)).count();
    }

    /**
     * Registers the sender of a heartbeat, refreshes its registration, or, for a leaving worker, ends it.
     *
     * @param envelope the body of a {@link WorkerHeartbeat#ACTION} action
     * @throws SqeException {@code AUTHENTICATION_FAILED} for a heartbeat not signed with the worker secret, a stale
     *     one (more than {@link #MAX_CLOCK_SKEW_MILLIS} from this clock) or a replayed one; {@code INVALID_REQUEST}
     *     for one whose URL the coordinator cannot connect to
     */
    public void heartbeat(byte[] envelope) {
        WorkerHeartbeat heartbeat = WorkerHeartbeat.verify(envelope, secret);
        long now = System.currentTimeMillis();
        if (Math.abs(now - heartbeat.sentAtMillis()) > MAX_CLOCK_SKEW_MILLIS) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "the heartbeat of worker " + heartbeat.url()
                    + " was sent " + (now - heartbeat.sentAtMillis()) + " ms before it arrived; it is stale or"
                    + " replayed, or the clocks of worker and coordinator differ (synchronize them with NTP)");
        }
        String url = heartbeat.url();
        if (FlightUrls.isWildcard(FlightUrls.location(url, "the worker's advertise_url").getUri().getHost())) {
            throw new SqeException(ErrorCode.INVALID_REQUEST, "worker " + heartbeat.nodeId() + " advertises " + url
                    + ", which no coordinator can connect to; set [worker] advertise_url to its reachable address");
        }
        lastSentAt.compute(heartbeat.nodeId(), (nodeId, last) -> {
            if (last != null && heartbeat.sentAtMillis() <= last) {
                throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "worker " + url + " sent a heartbeat no"
                        + " newer than its last one; a replayed heartbeat is refused");
            }
            return heartbeat.sentAtMillis();
        });
        workers.compute(url, (key, existing) -> {
            if (heartbeat.leaving()) {
                if (existing == null || existing.source.equals(LISTED)) {
                    return existing;
                }
                log.info("Worker {} ({}) is leaving; it gets no more tasks", url, heartbeat.nodeId());
                closeLater(existing);
                return null;
            }
            Worker worker = existing;
            if (existing == null || existing.source.equals(REGISTERED) && !existing.nodeId.equals(heartbeat.nodeId())) {
                worker = new Worker(url, REGISTERED, existing == null ? client(url, "advertise_url") : existing.client,
                        heartbeat.nodeId(), heartbeat.version());
                log.info("Worker {} ({}, SQE {}, {} slots) is registered", url, heartbeat.nodeId(),
                        heartbeat.version(), heartbeat.slots());
            }
            worker.refresh(heartbeat, now);
            return worker;
        });
    }

    private void evictSilentWorkers() {
        long now = System.currentTimeMillis();
        lastSentAt.values().removeIf(sentAt -> now - sentAt > 2 * MAX_CLOCK_SKEW_MILLIS);
        for (Worker worker : workers.values()) {
            if (worker.source.equals(REGISTERED) && worker.silentFor(now) > worker.expiryMillis
                    && workers.remove(worker.url, worker)) {
                log.warn("Worker {} ({}) is evicted: no heartbeat for {} ms", worker.url, worker.nodeId,
                        worker.silentFor(now));
                closeLater(worker);
            }
        }
    }

    /** Closes an evicted worker's client once the tasks that were already streaming from it had a chance to end. */
    private void closeLater(Worker worker) {
        if (worker.client == null) {
            return;
        }
        try {
            sweeper.schedule(worker::close, DOWN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            worker.close();
        }
    }

    /** The workers as {@code system.runtime.nodes} shows them, in URL order. */
    public List<ClusterNode> nodes() {
        long now = System.currentTimeMillis();
        return workers.values().stream().map(worker -> worker.node(now)).toList();
    }

    /**
     * Assigns {@code tasks} to the available workers (see the class comment) and returns their runner.
     *
     * @throws SqeException {@code WORKER_FAILED} when no worker is listed or registered
     */
    TaskRunner runnerFor(List<ScanTask> tasks) {
        long now = System.currentTimeMillis();
        List<Worker> all = List.copyOf(workers.values());
        if (all.isEmpty()) {
            throw new SqeException(ErrorCode.WORKER_FAILED, "no worker is registered with this coordinator, so"
                    + " the scan has nowhere to run; start workers with [worker] coordinator_url set to this"
                    + " coordinator's cluster port, or list them in [coordinator] worker_urls");
        }
        List<Worker> candidates = all.stream().filter(worker -> worker.available(now)).toList();
        if (candidates.isEmpty()) {
            // Every worker failed recently: try them all again rather than fail without a try.
            candidates = all;
        }
        long totalBytes = tasks.stream().mapToLong(ScanTask::dataBytes).sum();
        long share = (long) Math.ceil(LOAD_FACTOR * totalBytes / candidates.size());
        Map<Integer, List<Worker>> orders = new HashMap<>();
        Map<Worker, Long> loads = new HashMap<>();
        List<ScanTask> largestFirst = new ArrayList<>(tasks);
        largestFirst.sort(Comparator.comparingLong(ScanTask::dataBytes).reversed());
        for (ScanTask task : largestFirst) {
            List<Worker> order = hashOrder(task, candidates);
            Worker chosen = order.stream()
                    .filter(worker -> loads.getOrDefault(worker, 0L) + task.dataBytes() <= share)
                    .findFirst()
                    .orElse(order.get(0));
            loads.merge(chosen, task.dataBytes(), Long::sum);
            order.remove(chosen);
            order.add(0, chosen);
            orders.put(task.taskId(), order);
        }
        return (task, queryAllocator) -> new RemoteTaskBatches(task, orders.get(task.taskId()));
    }

    /** Rendezvous order of the workers for a task, by its first file (tasks without files keep any order). */
    private static List<Worker> hashOrder(ScanTask task, List<Worker> candidates) {
        String key = task.files().isEmpty() ? Integer.toString(task.taskId()) : keyOf(task.files().get(0));
        List<Worker> order = new ArrayList<>(candidates);
        order.sort(Comparator.comparingLong((Worker worker) -> mix(key, worker.url)).reversed());
        return order;
    }

    private static String keyOf(FileScanTask file) {
        return file.file().path() + "@" + file.start();
    }

    private static long mix(String key, String url) {
        long h = 1125899906842597L;
        for (byte b : (key + "\n" + url).getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public void close() {
        // Pending closes of evicted workers' clients run now, so no client outlives the allocator.
        sweeper.shutdownNow().forEach(Runnable::run);
        pool.shutdownNow();
        workers.values().forEach(Worker::close);
        workers.clear();
    }

    /** A worker and what its heartbeats said; {@code url} and {@code source} never change. */
    private static final class Worker {
        private final String url;
        private final String source;
        private final FlightClient client;
        private final String nodeId;
        private final String version;
        private volatile long downUntil;
        private volatile int slots;
        private volatile long expiryMillis;
        private volatile long lastHeartbeatMillis;

        Worker(String url, String source, FlightClient client, String nodeId, String version) {
            this.url = url;
            this.source = source;
            this.client = client;
            this.nodeId = nodeId;
            this.version = version;
        }

        void refresh(WorkerHeartbeat heartbeat, long now) {
            slots = heartbeat.slots();
            expiryMillis = heartbeat.expiryMillis();
            lastHeartbeatMillis = now;
        }

        long silentFor(long now) {
            return now - lastHeartbeatMillis;
        }

        boolean available(long now) {
            return now >= downUntil;
        }

        void markDown(String reason) {
            downUntil = System.currentTimeMillis() + DOWN_MILLIS;
            log.warn("Worker {} is left out of scheduling for {} ms: {}", url, DOWN_MILLIS, reason);
        }

        ClusterNode node(long now) {
            boolean registered = source.equals(REGISTERED);
            return new ClusterNode(nodeId, url, version, false, available(now) ? ClusterNode.ACTIVE
                    : ClusterNode.DOWN, source, registered ? OptionalInt.of(slots) : OptionalInt.empty(),
                    registered ? OptionalLong.of(silentFor(now)) : OptionalLong.empty());
        }

        void close() {
            try {
                client.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("Failed to close the Flight client of worker {}", url, e);
            }
        }
    }

    /** One task's batches from a worker, sent to the next worker if it fails before its first row. */
    private final class RemoteTaskBatches implements BatchSource {
        private final ScanTask task;
        private final List<Worker> order;
        private final Ticket ticket;
        private final HeaderCallOption traceHeaders;
        private int attempt;
        private volatile FlightStream stream;
        private volatile boolean cancelled;
        private boolean delivered;

        RemoteTaskBatches(ScanTask task, List<Worker> order) {
            this.task = task;
            this.order = order;
            this.ticket = new Ticket(SignedScanTask.sign(ScanTaskCodec.encode(task), secret));
            // The trace context of the task's span travels as W3C headers; the query id is inside the task.
            FlightCallHeaders headers = new FlightCallHeaders();
            Tracing.inject(Context.current()).forEach(headers::insert);
            this.traceHeaders = new HeaderCallOption(headers);
        }

        private Worker worker() {
            return order.get(attempt % order.size());
        }

        @Override
        public VectorSchemaRoot root() {
            return stream.getRoot();
        }

        @Override
        public boolean next() {
            while (true) {
                if (cancelled) {
                    throw new SqeException(ErrorCode.USER_CANCELED, "Query " + task.queryId() + " was cancelled");
                }
                Worker worker = worker();
                try {
                    if (stream == null) {
                        stream = worker.client.getStream(ticket, traceHeaders);
                    }
                    boolean more = stream.next();
                    delivered |= more && stream.getRoot().getRowCount() > 0;
                    return more;
                } catch (FlightRuntimeException e) {
                    closeStream();
                    Optional<ErrorCode> code = FlightErrorTranslator.metadataValue(e.status(),
                            FlightErrorTranslator.ERROR_NAME_KEY).flatMap(RemoteTaskBatches::errorCode);
                    if (cancelled) {
                        throw new SqeException(ErrorCode.USER_CANCELED, "Query " + task.queryId() + " was cancelled");
                    }
                    if (code.isEmpty() || code.get().type() == ErrorType.INTERNAL) {
                        worker.markDown(e.status().code() + " " + e.getMessage());
                    }
                    if (delivered) {
                        throw new SqeException(ErrorCode.WORKER_FAILED, "Worker " + worker.url + " failed after it"
                                + " had streamed rows of task " + task.taskId() + " of query " + task.queryId()
                                + ", so the query stopped rather than return rows twice or not at all: "
                                + e.getMessage());
                    }
                    boolean retryable = code.isEmpty() || code.get().type() == ErrorType.EXTERNAL
                            || code.get().type() == ErrorType.INTERNAL || code.get() == ErrorCode.SERVER_BUSY;
                    attempt++;
                    if (!retryable || attempt >= Math.min(MAX_ATTEMPTS, Math.max(order.size(), 2))) {
                        throw remoteError(worker, code, e);
                    }
                    log.info("Task {} of query {} failed on worker {} before its first row; trying worker {}: {}",
                            task.taskId(), task.queryId(), worker.url, worker().url, e.getMessage());
                }
            }
        }

        private static Optional<ErrorCode> errorCode(String name) {
            try {
                return Optional.of(ErrorCode.valueOf(name));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        /** The worker's own error with its code, or WORKER_FAILED when the worker could not be reached or crashed. */
        private SqeException remoteError(Worker worker, Optional<ErrorCode> code, FlightRuntimeException e) {
            if (code.isPresent() && code.get().type() != ErrorType.INTERNAL) {
                String message = e.getMessage();
                String prefix = code.get().name() + ": ";
                return new SqeException(code.get(), (message.startsWith(prefix)
                        ? message.substring(prefix.length()) : message) + " (on worker " + worker.url + ")");
            }
            return new SqeException(ErrorCode.WORKER_FAILED, "Task " + task.taskId() + " of query " + task.queryId()
                    + " failed on " + attempt + " worker attempt(s), last on " + worker.url + ": "
                    + e.status().code() + " " + e.getMessage());
        }

        @Override
        public void cancel() {
            cancelled = true;
            FlightStream current = stream;
            if (current != null) {
                try {
                    current.cancel("the query's scan was stopped", null);
                } catch (RuntimeException e) {
                    log.debug("Cancelling task {} of query {} failed", task.taskId(), task.queryId(), e);
                }
            }
        }

        @Override
        public void close() {
            closeStream();
        }

        private void closeStream() {
            FlightStream current = stream;
            stream = null;
            if (current != null) {
                try {
                    current.close();
                } catch (Exception e) {
                    // A stream that failed or was cancelled may report it again on close; its buffers are freed.
                    log.debug("Closing the stream of task {} of query {} failed", task.taskId(), task.queryId(), e);
                }
            }
        }
    }
}
