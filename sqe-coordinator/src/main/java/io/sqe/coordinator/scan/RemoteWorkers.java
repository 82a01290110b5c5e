package io.sqe.coordinator.scan;

import static java.util.Objects.requireNonNull;

import io.sqe.core.concurrent.NamedThreadFactory;
import io.sqe.core.engine.BatchSource;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.ErrorType;
import io.sqe.core.error.SqeException;
import io.sqe.planner.ScanTask;
import io.sqe.planner.ScanTaskCodec;
import io.sqe.planner.SignedScanTask;
import io.sqe.worker.FlightErrorTranslator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileScanTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of {@code --mode coordinator} ({@code [coordinator] worker_urls}) and how one scan's tasks go to them.
 *
 * <p><b>Scheduling.</b> {@link #runnerFor} gives each task a preferred worker: the highest rendezvous hash of the
 * task's first file and the worker's URL, so a repeat scan of the same files lands on the same workers (warm footer
 * caches), unless that worker already has more than {@link #LOAD_FACTOR} times its share of the scan's bytes, when the
 * task goes to the next worker in its hash order (consistent hashing with bounded loads).
 *
 * <p><b>Failure.</b> A task that fails before it has streamed any row is sent to the next worker, at most
 * {@link #MAX_ATTEMPTS} times in all; a worker that could not be reached, or failed internally, is left out of
 * scheduling for {@link #DOWN_MILLIS}. A task that fails after it has streamed rows fails the query with
 * {@code WORKER_FAILED} naming the worker: rows already handed on cannot be taken back, and running the task again
 * would duplicate them. Errors the worker raised on purpose (a user error, a denied read) keep their code and are not
 * retried.
 *
 * <p>Thread-safe. The batches arrive in buffers of {@code allocator}, which must share its root with the queries'
 * allocators so that the scan can transfer them into the query's allocator.
 */
public final class RemoteWorkers implements AutoCloseable {
    static final int MAX_ATTEMPTS = 3;
    static final double LOAD_FACTOR = 1.25;
    static final long DOWN_MILLIS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(RemoteWorkers.class);
    private static final int STREAM_THREADS = 64;

    private final List<Worker> workers;
    private final byte[] secret;
    private final BufferAllocator allocator;
    private final ThreadPoolExecutor pool;

    /**
     * @param urls the workers' Flight addresses, {@code grpc://host:port}
     * @param secret the worker secret tasks are signed with; copied, never logged
     * @param allocator the allocator of the Flight clients' buffers; the caller keeps ownership
     * @throws SqeException {@code CONFIGURATION_INVALID} for no URL or a malformed one
     */
    public RemoteWorkers(List<String> urls, byte[] secret, BufferAllocator allocator) {
        requireNonNull(urls, "urls is null");
        this.secret = requireNonNull(secret, "secret is null").clone();
        this.allocator = requireNonNull(allocator, "allocator is null");
        if (urls.isEmpty()) {
            throw new SqeException(ErrorCode.CONFIGURATION_INVALID, "--mode coordinator needs at least one worker;"
                    + " list them in [coordinator] worker_urls, such as \"grpc://127.0.0.1:50052\"");
        }
        List<Worker> list = new ArrayList<>();
        try {
            for (String url : urls) {
                list.add(new Worker(url, FlightClient.builder(allocator, location(url)).build()));
            }
        } catch (RuntimeException e) {
            list.forEach(Worker::close);
            throw e;
        }
        this.workers = List.copyOf(list);
        this.pool = new ThreadPoolExecutor(STREAM_THREADS, STREAM_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(IcebergTableScanner.MAX_QUEUED_TASKS),
                new NamedThreadFactory("sqe-remote-scan", 0));
        pool.allowCoreThreadTimeOut(true);
    }

    private static Location location(String url) {
        try {
            URI uri = new URI(url);
            if (!"grpc".equals(uri.getScheme()) && !"grpc+tcp".equals(uri.getScheme()) || uri.getHost() == null
                    || uri.getPort() < 0) {
                throw new IllegalArgumentException("not grpc://host:port");
            }
            return Location.forGrpcInsecure(uri.getHost(), uri.getPort());
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new SqeException(ErrorCode.CONFIGURATION_INVALID, "worker URL '" + url + "' is not of the form"
                    + " grpc://host:port", e);
        }
    }

    /** The pool the producers of distributed scans run on; they mostly wait on the network. */
    Executor pool() {
        return pool;
    }

    /** Workers not left out after a failure. */
    public int availableWorkers() {
        long now = System.currentTimeMillis();
        return (int) workers.stream().filter(worker -> worker.available(now)).count();
    }

    /** Assigns {@code tasks} to the available workers (see the class comment) and returns their runner. */
    TaskRunner runnerFor(List<ScanTask> tasks) {
        long now = System.currentTimeMillis();
        List<Worker> candidates = workers.stream().filter(worker -> worker.available(now)).toList();
        if (candidates.isEmpty()) {
            // Every worker failed recently: try them all again rather than fail without a try.
            candidates = workers;
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
        pool.shutdownNow();
        workers.forEach(Worker::close);
    }

    private static final class Worker {
        private final String url;
        private final FlightClient client;
        private volatile long downUntil;

        Worker(String url, FlightClient client) {
            this.url = url;
            this.client = client;
        }

        boolean available(long now) {
            return now >= downUntil;
        }

        void markDown(String reason) {
            downUntil = System.currentTimeMillis() + DOWN_MILLIS;
            log.warn("Worker {} is left out of scheduling for {} ms: {}", url, DOWN_MILLIS, reason);
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
        private int attempt;
        private volatile FlightStream stream;
        private volatile boolean cancelled;
        private boolean delivered;

        RemoteTaskBatches(ScanTask task, List<Worker> order) {
            this.task = task;
            this.order = order;
            this.ticket = new Ticket(SignedScanTask.sign(ScanTaskCodec.encode(task), secret));
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
                        stream = worker.client.getStream(ticket);
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
