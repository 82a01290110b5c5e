package io.sqe.coordinator.scan;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.sqe.core.engine.BatchSource;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.ScanTask;
import io.sqe.planner.aggregation.ScanAggregation;
import io.sqe.worker.columnar.AggregatingBatches;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Arrow batches of one table scan, read from its tasks in parallel: up to {@code parallelism} tasks run at once
 * on the scanner's shared pool, and each may have at most {@link #BATCHES_PER_TASK} finished batches waiting for the
 * consumer. Batches come in no particular order across tasks; every row of every task arrives exactly once.
 *
 * <p><b>Ownership.</b> {@link #next()} hands the caller a batch of its own: a fresh {@link VectorSchemaRoot} whose
 * buffers were transferred out of the worker's reused root into the query's allocator (so they count against the
 * query's memory limit and outlive the task that produced them). The caller must close every batch it receives,
 * before or after it closes the stream, and before the query's allocator is closed. Batches still waiting when the
 * stream is closed, cancelled or fails are closed by the stream.
 *
 * <p><b>Threads.</b> {@link #next()} and {@link #close()} are for one consumer thread; {@link #cancel()} may be
 * called from any thread. A producer never blocks a pool thread waiting for the consumer: when its task has
 * {@link #BATCHES_PER_TASK} batches waiting it gives the thread back (parks) and is resubmitted once the consumer
 * takes one, so scans that wait on each other (a join's two sides, several queries) cannot starve the pool.
 *
 * <p><b>Failure.</b> The first task failure stops every other task and releases the waiting batches;
 * {@link #next()} then throws that failure, unchanged, so its category (storage error, memory limit) stays what the
 * worker reported. Cancelling the query (its scope's flag, or {@link #cancel()}) makes {@link #next()} throw
 * {@code USER_CANCELED} within {@link #WAIT_MILLIS} and each running task stop after its current batch.
 * {@link #close()} stops the tasks and waits for the running ones to release their buffers.
 */
public final class ScanBatchStream implements AutoCloseable {
    /** Finished batches one task may have waiting for the consumer. */
    public static final int BATCHES_PER_TASK = 2;

    /** How long the consumer waits for a batch before it looks at the query's cancel flag again. */
    static final long WAIT_MILLIS = 50;

    private static final long CLOSE_TIMEOUT_MILLIS = 60_000;
    private static final Logger log = LoggerFactory.getLogger(ScanBatchStream.class);

    private final ExecutionScope scope;
    private final TaskRunner runner;
    private final Executor executor;
    private final Optional<ScanAggregation> aggregation;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Everything below is guarded by lock.
    private final Iterator<ScanTask> tasks;
    private final List<Producer> producers;
    private final ArrayDeque<ReadyBatch> ready;
    private boolean started;
    private boolean stopped;
    private boolean closed;
    private Throwable failure;

    ScanBatchStream(ExecutionScope scope, TaskRunner runner, Executor executor, List<ScanTask> tasks,
            Optional<ScanAggregation> aggregation, int parallelism) {
        this.scope = requireNonNull(scope, "scope is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.aggregation = requireNonNull(aggregation, "aggregation is null");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
        }
        this.tasks = List.copyOf(tasks).iterator();
        int producerCount = Math.min(parallelism, tasks.size());
        this.producers = new ArrayList<>(producerCount);
        for (int i = 0; i < producerCount; i++) {
            producers.add(new Producer());
        }
        this.ready = new ArrayDeque<>(producerCount * BATCHES_PER_TASK);
    }

    /**
     * Waits for the next batch from any task. The first call starts the tasks.
     *
     * @return a batch the caller now owns and must close, or empty when every task has finished
     * @throws SqeException the first task failure as the worker raised it, or {@code USER_CANCELED}
     */
    public Optional<VectorSchemaRoot> next() {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("scan of query " + scope.queryId() + " is closed");
            }
            if (!started) {
                started = true;
                producers.forEach(this::schedule);
            }
            while (true) {
                if (!stopped && scope.isCancelled()) {
                    stop(cancelledError());
                }
                if (failure != null) {
                    throw rethrow(failure);
                }
                ReadyBatch batch = ready.poll();
                if (batch != null) {
                    Producer producer = batch.producer();
                    producer.waiting--;
                    if (producer.state == State.PARKED) {
                        schedule(producer);
                    }
                    if (aggregation.isEmpty()) {
                        scope.counters().addRows(batch.root().getRowCount());
                    }
                    return Optional.of(batch.root());
                }
                if (stopped || producers.stream().allMatch(producer -> producer.state == State.DONE)) {
                    return Optional.empty();
                }
                changed.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(cancelledError());
            throw rethrow(failure);
        } finally {
            lock.unlock();
        }
    }

    /** Stops every task; a pending or later {@link #next()} throws {@code USER_CANCELED}. Callable from any thread. */
    public void cancel() {
        lock.lock();
        try {
            stop(cancelledError());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the tasks, closes the batches still waiting, and waits until the running tasks have released their
     * buffers. Batches already handed out stay the caller's to close.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            stop(null);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_TIMEOUT_MILLIS);
            while (producers.stream().anyMatch(producer -> producer.state == State.RUNNING)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("Scan tasks of query {} still running {} ms after the scan was closed; their buffers"
                            + " are released when they stop", scope.queryId(), CLOSE_TIMEOUT_MILLIS);
                    return;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** The task's own exception, so it is categorized exactly as a failure of a serial scan would be. */
    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return (RuntimeException) failure;
    }

    private SqeException cancelledError() {
        return new SqeException(ErrorCode.USER_CANCELED, "Query " + scope.queryId() + " was cancelled");
    }

    /** Under the lock: hands a producer to the pool. */
    private void schedule(Producer producer) {
        producer.state = State.SCHEDULED;
        try {
            executor.execute(producer);
        } catch (RejectedExecutionException e) {
            stop(new SqeException(ErrorCode.SERVER_BUSY, "Too many scans are waiting for a scan thread, or the"
                    + " server is stopping, so query " + scope.queryId() + " cannot start its scan; retry later", e));
        }
    }

    /**
     * Under the lock: ends the scan, once. Waiting batches are closed; producers that no thread runs (not started,
     * parked, or queued in the pool) are closed here; running ones are cancelled and close themselves.
     *
     * @param cause what {@link #next()} will throw (a RuntimeException or an Error), or null when the consumer
     *     closed the stream
     */
    private void stop(Throwable cause) {
        if (stopped) {
            return;
        }
        stopped = true;
        failure = cause;
        for (ReadyBatch batch : ready) {
            batch.root().close();
        }
        ready.clear();
        for (Producer producer : producers) {
            switch (producer.state) {
                case IDLE:
                case SCHEDULED:
                case PARKED:
                    producer.state = State.DONE;
                    try {
                        producer.closeTask(false);
                    } catch (RuntimeException e) {
                        log.warn("Failed to release a scan task of query {}", scope.queryId(), e);
                    }
                    break;
                case RUNNING:
                    if (producer.source != null) {
                        producer.source.cancel();
                    }
                    break;
                case DONE:
                    break;
            }
        }
        changed.signalAll();
    }

    /** Moves a batch's buffers out of the worker's reused root into a new root in the query's allocator. */
    private VectorSchemaRoot transfer(VectorSchemaRoot source) {
        BufferAllocator target = scope.allocator();
        List<FieldVector> vectors = new ArrayList<>(source.getFieldVectors().size());
        try {
            for (FieldVector vector : source.getFieldVectors()) {
                TransferPair pair = vector.getTransferPair(target);
                pair.transfer();
                vectors.add((FieldVector) pair.getTo());
            }
            VectorSchemaRoot batch = new VectorSchemaRoot(vectors);
            batch.setRowCount(source.getRowCount());
            return batch;
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
    }

    private enum State {
        /** Not yet handed to the pool. */
        IDLE,
        /** Queued in the pool. */
        SCHEDULED,
        /** A pool thread runs it. */
        RUNNING,
        /** Its task has {@link #BATCHES_PER_TASK} batches waiting; resubmitted when the consumer takes one. */
        PARKED,
        /** No task left, or the scan stopped; its task is closed. */
        DONE
    }

    private record ReadyBatch(Producer producer, VectorSchemaRoot root) {}

    /**
     * Runs tasks one after another, taking the next from the scan's shared list. The source, span and counts belong
     * to the thread that runs it, or, when no thread does (see {@link State}), to whoever holds the lock.
     */
    private final class Producer implements Runnable {
        private State state = State.IDLE;
        private int waiting;
        private BatchSource source;
        private Span span;
        private long taskRows;

        @Override
        public void run() {
            lock.lock();
            try {
                if (state != State.SCHEDULED) {
                    return;
                }
                state = State.RUNNING;
            } finally {
                lock.unlock();
            }
            try {
                produce();
            } catch (RuntimeException | Error e) {
                lock.lock();
                try {
                    stop(e);
                    closeTask(false);
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                } finally {
                    leave(State.DONE);
                    lock.unlock();
                }
            }
        }

        /**
         * Under the lock: the running thread gives the producer up. Only that thread moves a producer out of
         * RUNNING, and it must not touch the producer afterwards: once PARKED, the consumer may resubmit it at once.
         */
        private void leave(State next) {
            state = next;
            changed.signalAll();
        }

        /** Reads batches until the task list ends, the scan stops, or enough batches are waiting. */
        private void produce() {
            while (true) {
                ScanTask task = null;
                lock.lock();
                try {
                    if (stopped) {
                        try {
                            closeTask(false);
                        } finally {
                            leave(State.DONE);
                        }
                        return;
                    }
                    if (waiting >= BATCHES_PER_TASK) {
                        leave(State.PARKED);
                        return;
                    }
                    if (source == null) {
                        if (!tasks.hasNext()) {
                            leave(State.DONE);
                            return;
                        }
                        task = tasks.next();
                    }
                } finally {
                    lock.unlock();
                }
                if (task != null) {
                    open(task);
                    continue;
                }
                scope.checkCancelled();
                if (!source.next()) {
                    closeTask(true);
                    continue;
                }
                VectorSchemaRoot batch = transfer(source.root());
                taskRows += batch.getRowCount();
                lock.lock();
                try {
                    if (stopped || batch.getRowCount() == 0) {
                        batch.close();
                    } else {
                        ready.add(new ReadyBatch(this, batch));
                        waiting++;
                        changed.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
            }
        }

        private void open(ScanTask task) {
            ScanTask toRun = aggregation.isPresent() ? task.withAggregation(aggregation.get()) : task;
            span = scope.startSpan("sqe.scan.task");
            span.setAttribute("sqe.table", toRun.tableName());
            span.setAttribute("sqe.files", toRun.files().size());
            span.setAttribute("sqe.bytes", toRun.dataBytes());
            taskRows = 0;
            BatchSource opened;
            // A remote task carries the task span's trace context to its worker.
            try (Scope trace = span.makeCurrent()) {
                opened = runner.open(toRun, scope.allocator());
            }
            lock.lock();
            try {
                source = opened;
                if (stopped) {
                    opened.cancel();
                }
            } finally {
                lock.unlock();
            }
        }

        /** Ends the current task: records its counts if it completed, ends its span, releases its buffers. */
        private void closeTask(boolean completed) {
            BatchSource current;
            lock.lock();
            try {
                current = source;
                source = null;
            } finally {
                lock.unlock();
            }
            try {
                if (current != null && completed) {
                    if (current instanceof AggregatingBatches) {
                        long scanned = ((AggregatingBatches) current).inputRows();
                        scope.counters().addRows(scanned);
                        span.setAttribute("sqe.rows", scanned);
                        span.setAttribute("sqe.groups", taskRows);
                    } else {
                        span.setAttribute("sqe.rows", taskRows);
                    }
                }
                if (current != null) {
                    current.close();
                }
            } finally {
                if (span != null) {
                    span.end();
                    span = null;
                }
            }
        }
    }
}
