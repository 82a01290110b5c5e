package io.sqe.coordinator.scan;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.calcite.TableScanner;
import io.sqe.catalog.rest.StorageCredentials;
import io.sqe.core.concurrent.NamedThreadFactory;
import io.sqe.core.config.QueryConfig;
import io.sqe.core.engine.BatchSource;
import io.sqe.planner.ScanPlan;
import io.sqe.planner.ScanTask;
import io.sqe.planner.ScanTaskCodec;
import io.sqe.planner.ScanPlanner;
import io.sqe.planner.aggregation.ScanAggregation;
import io.sqe.worker.ScanExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rex.RexNode;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * Reads an Iceberg table through the ScanTask path: plan the files (partition and min/max pruning), encode
 * each ScanTask exactly as it would travel to a remote worker, run the tasks on the in-process worker, up to
 * {@code parallelism} at a time on a shared pool (a plan of fewer tasks is first spread over more, see
 * {@link ScanTaskSpreader}), and hand their Arrow batches on ({@link #openBatches}), or turn
 * them into rows for Calcite's operators ({@link #scan}, {@link #scanAggregated}). In {@code --mode coordinator},
 * scans that read at least {@code [coordinator] distribution_threshold_bytes} run on the remote workers instead
 * ({@link RemoteWorkers}), up to {@code parallelism} tasks per worker at once. With a pushed partial aggregation
 * the worker returns one row per group per task instead of the table's rows.
 *
 * <p>The pool has {@code parallelism} threads shared by every scan of every query; its queue holds at most
 * {@link #MAX_QUEUED_TASKS} waiting producers (each scan queues at most {@code parallelism}), beyond which a scan fails
 * with {@code SERVER_BUSY}.
 */
public final class IcebergTableScanner implements TableScanner, AutoCloseable {
    /** Scan producers that may wait for a pool thread, across all queries. */
    public static final int MAX_QUEUED_TASKS = 4096;

    private static final long IDLE_THREAD_SECONDS = 30;

    private final ScanPlanner planner = new ScanPlanner();
    private final ScanExecutor worker;
    private final int parallelism;
    private final ThreadPoolExecutor pool;
    private final Optional<RemoteWorkers> remote;
    private final long distributionThresholdBytes;

    /** One task per available processor. */
    public IcebergTableScanner(ScanExecutor worker) {
        this(worker, QueryConfig.defaultScanParallelism());
    }

    /** @param parallelism the most tasks one scan runs at once, and the size of the shared pool */
    public IcebergTableScanner(ScanExecutor worker, int parallelism) {
        this(worker, parallelism, Optional.empty(), Long.MAX_VALUE);
    }

    /**
     * @param remote the workers of {@code --mode coordinator}; the caller keeps ownership
     * @param distributionThresholdBytes scans planned to read at least this many bytes run on {@code remote}; smaller
     *     ones, or all when {@code remote} is empty, run on {@code worker} in this process
     */
    public IcebergTableScanner(ScanExecutor worker, int parallelism, Optional<RemoteWorkers> remote,
            long distributionThresholdBytes) {
        this.worker = requireNonNull(worker, "worker is null");
        this.remote = requireNonNull(remote, "remote is null");
        this.distributionThresholdBytes = distributionThresholdBytes;
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
        }
        this.parallelism = parallelism;
        this.pool = new ThreadPoolExecutor(parallelism, parallelism, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_TASKS), new NamedThreadFactory("sqe-scan", 0));
        pool.allowCoreThreadTimeOut(true);
    }

    /** The most tasks one scan runs at once. */
    public int parallelism() {
        return parallelism;
    }

    @Override
    public Enumerable<Object[]> scan(Table table, int[] projects, List<RexNode> filters, DataContext context) {
        List<Types.NestedField> columns = table.schema().columns();
        List<Integer> fieldIds = new ArrayList<>();
        if (projects == null) {
            columns.forEach(column -> fieldIds.add(column.fieldId()));
        } else {
            for (int project : projects) {
                fieldIds.add(columns.get(project).fieldId());
            }
        }
        return rows(table, fieldIds, filters, Optional.empty(), context);
    }

    /**
     * Scans with a pushed partial aggregation: the rows are the aggregation's output (group keys, then partial
     * aggregates), one per group per task.
     *
     * @param fieldIds the Iceberg field ids of the columns the aggregation reads, in its column order
     * @param filters pruning conjuncts over the Iceberg schema's columns (by position)
     */
    public Enumerable<Object[]> scanAggregated(Table table, List<Integer> fieldIds, List<RexNode> filters,
            ScanAggregation aggregation, DataContext context) {
        return rows(table, List.copyOf(fieldIds), filters, Optional.of(aggregation), context);
    }

    /**
     * Plans a scan and returns its Arrow batches, read from the tasks in parallel (see {@link ScanBatchStream} for
     * who owns what). The table is read at the snapshot the execution fixed for it; the stream is registered with the
     * scope, so it is closed when the execution ends if the caller has not closed it before. No task runs until the
     * first {@link ScanBatchStream#next()}.
     *
     * @param fieldIds the Iceberg field ids to read, in the batches' column order (the aggregation's input columns
     *     when there is one)
     * @param filters pruning conjuncts over the Iceberg schema's columns (by position); rows they reject may still
     *     arrive unless the worker's residual filter removes them
     * @param joinFilter a filter a join derived at run time, applied like {@code filters}
     * @param aggregation a partial aggregation to run in each task: then each task's batches hold one row per group
     *     (the group keys, then the partial aggregates)
     */
    public ScanBatchStream openBatches(Table table, List<Integer> fieldIds, List<RexNode> filters,
            Expression joinFilter, Optional<ScanAggregation> aggregation, ExecutionScope scope) {
        requireNonNull(aggregation, "aggregation is null");
        Expression filter = Expressions.and(new IcebergFilterConverter(table.schema()).convert(filters), joinFilter);
        scope.snapshotOf(table);
        ScanPlan plan = planner.plan(table, List.copyOf(fieldIds), filter,
                StorageCredentials.storagePropertiesOf(table), scope.queryId());
        scope.counters().addPlan(plan.statistics());
        long bytes = plan.tasks().stream().mapToLong(ScanTask::dataBytes).sum();
        ScanBatchStream batches;
        if (remote.isPresent() && bytes >= distributionThresholdBytes) {
            // Each worker runs up to `parallelism` tasks at once, as this process would.
            RemoteWorkers workers = remote.get();
            int distributed = parallelism * Math.max(1, workers.availableWorkers());
            List<ScanTask> tasks = ScanTaskSpreader.spread(plan.tasks(), distributed);
            batches = new ScanBatchStream(scope, workers.runnerFor(tasks), workers.pool(), tasks, aggregation,
                    distributed);
        } else {
            batches = new ScanBatchStream(scope, this::runLocally, pool,
                    ScanTaskSpreader.spread(plan.tasks(), parallelism), aggregation, parallelism);
        }
        scope.register(batches);
        return batches;
    }

    private BatchSource runLocally(ScanTask task, BufferAllocator allocator) {
        return worker.open(ScanTaskCodec.encode(task), allocator);
    }

    private Enumerable<Object[]> rows(Table table, List<Integer> fieldIds, List<RexNode> filters,
            Optional<ScanAggregation> aggregation, DataContext context) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                ExecutionScope scope = ExecutionScope.from(context);
                return new BatchRowEnumerator(scope, openBatches(table, fieldIds, filters, Expressions.alwaysTrue(),
                        aggregation, scope));
            }
        };
    }

    /** Stops the pool; scans still running are cancelled by their queries. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** The rows of a scan's batches, one batch at a time; each batch is closed as soon as its rows are read. */
    private static final class BatchRowEnumerator implements Enumerator<Object[]> {
        private final ExecutionScope scope;
        private final ScanBatchStream batches;
        private VectorSchemaRoot batch;
        private int row;
        private Object[] current;

        BatchRowEnumerator(ExecutionScope scope, ScanBatchStream batches) {
            this.scope = scope;
            this.batches = batches;
        }

        @Override
        public Object[] current() {
            return current;
        }

        @Override
        public boolean moveNext() {
            while (true) {
                if (batch != null && row < batch.getRowCount()) {
                    current = ArrowRowReader.row(batch, row++);
                    return true;
                }
                closeBatch();
                Optional<VectorSchemaRoot> next = batches.next();
                if (next.isEmpty()) {
                    return false;
                }
                batch = next.get();
                row = 0;
            }
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("scans cannot be rewound");
        }

        @Override
        public void close() {
            try {
                closeBatch();
            } finally {
                scope.release(batches);
            }
        }

        private void closeBatch() {
            if (batch != null) {
                VectorSchemaRoot done = batch;
                batch = null;
                done.close();
            }
        }
    }
}
