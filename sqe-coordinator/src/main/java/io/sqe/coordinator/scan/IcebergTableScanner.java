package io.sqe.coordinator.scan;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.calcite.TableScanner;
import io.sqe.catalog.rest.StorageCredentials;
import io.sqe.core.engine.BatchSource;
import io.sqe.planner.ScanPlan;
import io.sqe.planner.ScanPlanner;
import io.sqe.planner.ScanTask;
import io.sqe.planner.ScanTaskCodec;
import io.sqe.planner.aggregation.ScanAggregation;
import io.opentelemetry.api.trace.Span;
import io.sqe.worker.ScanExecutor;
import io.sqe.worker.columnar.AggregatingBatches;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rex.RexNode;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.types.Types;

/**
 * Reads an Iceberg table through the ScanTask path: plan the files (partition and min/max pruning), encode
 * each ScanTask exactly as it would travel to a remote worker, run it on the in-process worker, and hand the
 * Arrow batches to the operators above as rows. With a pushed partial aggregation
 * ({@link #scanAggregated}) the worker returns one row per group per task instead of the table's rows.
 */
public final class IcebergTableScanner implements TableScanner {
    private final ScanPlanner planner = new ScanPlanner();
    private final ScanExecutor worker;

    public IcebergTableScanner(ScanExecutor worker) {
        this.worker = requireNonNull(worker, "worker is null");
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
        return scan(table, fieldIds, filters, Optional.empty(), context);
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
        return scan(table, List.copyOf(fieldIds), filters, Optional.of(aggregation), context);
    }

    private Enumerable<Object[]> scan(Table table, List<Integer> fieldIds, List<RexNode> filters,
            Optional<ScanAggregation> aggregation, DataContext context) {
        Expression filter = new IcebergFilterConverter(table.schema()).convert(filters);
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                ExecutionScope scope = ExecutionScope.from(context);
                scope.snapshotOf(table);
                ScanPlan plan = planner.plan(table, fieldIds, filter, StorageCredentials.storagePropertiesOf(table), scope.queryId());
                scope.counters().addPlan(plan.statistics());
                return new TaskEnumerator(scope, plan.tasks().iterator(), aggregation);
            }
        };
    }

    /** Runs the tasks one after another and yields their rows. */
    private final class TaskEnumerator implements Enumerator<Object[]> {
        private final ExecutionScope scope;
        private final Iterator<ScanTask> tasks;
        private final Optional<ScanAggregation> aggregation;
        private BatchSource batches;
        private long taskRows;
        private Span taskSpan;
        private int row;
        private Object[] current;

        TaskEnumerator(ExecutionScope scope, Iterator<ScanTask> tasks, Optional<ScanAggregation> aggregation) {
            this.scope = scope;
            this.tasks = tasks;
            this.aggregation = aggregation;
        }

        @Override
        public Object[] current() {
            return current;
        }

        @Override
        public boolean moveNext() {
            while (true) {
                if (batches != null) {
                    VectorSchemaRoot root = batches.root();
                    if (row < root.getRowCount()) {
                        current = ArrowRowReader.row(root, row++);
                        return true;
                    }
                    scope.checkCancelled();
                    row = 0;
                    if (batches.next()) {
                        taskRows += batches.root().getRowCount();
                        if (aggregation.isEmpty()) {
                            scope.counters().addRows(batches.root().getRowCount());
                        }
                        continue;
                    }
                    endTask();
                }
                if (!tasks.hasNext()) {
                    return false;
                }
                ScanTask task = tasks.next();
                if (aggregation.isPresent()) {
                    task = task.withAggregation(aggregation.get());
                }
                taskSpan = scope.startSpan("sqe.scan.task");
                taskSpan.setAttribute("sqe.table", task.tableName());
                taskSpan.setAttribute("sqe.files", task.files().size());
                taskSpan.setAttribute("sqe.bytes", task.dataBytes());
                batches = worker.open(ScanTaskCodec.encode(task), scope.allocator());
                taskRows = 0;
                scope.register(batches);
                row = 0;
            }
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("scans cannot be rewound");
        }

        @Override
        public void close() {
            endTask();
        }

        private void endTask() {
            if (batches != null) {
                if (batches instanceof AggregatingBatches) {
                    long scanned = ((AggregatingBatches) batches).inputRows();
                    scope.counters().addRows(scanned);
                    taskSpan.setAttribute("sqe.rows", scanned);
                    taskSpan.setAttribute("sqe.groups", taskRows);
                } else {
                    taskSpan.setAttribute("sqe.rows", taskRows);
                }
                scope.release(batches);
                batches = null;
            }
            if (taskSpan != null) {
                taskSpan.end();
                taskSpan = null;
            }
        }
    }

    /**
     * The scan as Arrow batches, for the columnar engine: the tasks run one after another; each batch is valid until
     * the next call of {@link BatchSource#next()}. With {@code aggregation}, the batches are the partial groups.
     *
     * @param fieldIds the Iceberg field ids of the columns to read, in output order
     * @param filters pruning conjuncts over the Iceberg schema's columns (by position)
     */
    public BatchSource batches(Table table, List<Integer> fieldIds, List<RexNode> filters,
            Optional<ScanAggregation> aggregation, ExecutionScope scope) {
        Expression filter = new IcebergFilterConverter(table.schema()).convert(filters);
        scope.snapshotOf(table);
        ScanPlan plan = planner.plan(table, List.copyOf(fieldIds), filter, StorageCredentials.storagePropertiesOf(table),
                scope.queryId());
        scope.counters().addPlan(plan.statistics());
        return new TaskBatches(scope, plan.tasks().iterator(), aggregation);
    }

    /** Runs the tasks one after another and hands over their batches. */
    private final class TaskBatches implements BatchSource {
        private final ExecutionScope scope;
        private final Iterator<ScanTask> tasks;
        private final Optional<ScanAggregation> aggregation;
        private BatchSource batches;
        private Span taskSpan;
        private long taskRows;

        TaskBatches(ExecutionScope scope, Iterator<ScanTask> tasks, Optional<ScanAggregation> aggregation) {
            this.scope = scope;
            this.tasks = tasks;
            this.aggregation = aggregation;
        }

        @Override
        public VectorSchemaRoot root() {
            if (batches == null) {
                throw new IllegalStateException("no batch has been read");
            }
            return batches.root();
        }

        @Override
        public boolean next() {
            while (true) {
                scope.checkCancelled();
                if (batches != null) {
                    if (batches.next()) {
                        int rows = batches.root().getRowCount();
                        taskRows += rows;
                        if (aggregation.isEmpty()) {
                            scope.counters().addRows(rows);
                        }
                        return true;
                    }
                    endTask();
                }
                if (!tasks.hasNext()) {
                    return false;
                }
                ScanTask task = tasks.next();
                if (aggregation.isPresent()) {
                    task = task.withAggregation(aggregation.get());
                }
                taskSpan = scope.startSpan("sqe.scan.task");
                taskSpan.setAttribute("sqe.table", task.tableName());
                taskSpan.setAttribute("sqe.files", task.files().size());
                taskSpan.setAttribute("sqe.bytes", task.dataBytes());
                batches = worker.open(ScanTaskCodec.encode(task), scope.allocator());
                taskRows = 0;
                scope.register(batches);
            }
        }

        @Override
        public void cancel() {
            if (batches != null) {
                batches.cancel();
            }
        }

        @Override
        public void close() {
            endTask();
        }

        private void endTask() {
            if (batches != null) {
                if (batches instanceof AggregatingBatches) {
                    long scanned = ((AggregatingBatches) batches).inputRows();
                    scope.counters().addRows(scanned);
                    taskSpan.setAttribute("sqe.rows", scanned);
                    taskSpan.setAttribute("sqe.groups", taskRows);
                } else {
                    taskSpan.setAttribute("sqe.rows", taskRows);
                }
                scope.release(batches);
                batches = null;
            }
            if (taskSpan != null) {
                taskSpan.end();
                taskSpan = null;
            }
        }
    }
}
