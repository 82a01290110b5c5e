package io.sqe.coordinator.scan;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.calcite.TableScanner;
import io.sqe.catalog.rest.StorageCredentials;
import io.sqe.planner.ScanPlan;
import io.sqe.planner.ScanPlanner;
import io.sqe.planner.ScanTask;
import io.sqe.planner.ScanTaskCodec;
import io.opentelemetry.api.trace.Span;
import io.sqe.worker.ScanBatches;
import io.sqe.worker.ScanExecutor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
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
 * Arrow batches to the operators above as rows.
 */
public final class IcebergTableScanner implements TableScanner {
    private final ScanPlanner planner = new ScanPlanner();
    private final ScanExecutor worker;
    private final BufferAllocator allocator;

    public IcebergTableScanner(ScanExecutor worker, BufferAllocator allocator) {
        this.worker = requireNonNull(worker, "worker is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
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
        Expression filter = new IcebergFilterConverter(table.schema()).convert(filters);
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                ExecutionScope scope = ExecutionScope.from(context);
                scope.snapshotOf(table);
                ScanPlan plan = planner.plan(table, fieldIds, filter, StorageCredentials.storagePropertiesOf(table), scope.queryId());
                scope.counters().addPlan(plan.statistics());
                return new TaskEnumerator(scope, plan.tasks().iterator());
            }
        };
    }

    /** Runs the tasks one after another and yields their rows. */
    private final class TaskEnumerator implements Enumerator<Object[]> {
        private final ExecutionScope scope;
        private final Iterator<ScanTask> tasks;
        private ScanBatches batches;
        private Span taskSpan;
        private int row;
        private Object[] current;

        TaskEnumerator(ExecutionScope scope, Iterator<ScanTask> tasks) {
            this.scope = scope;
            this.tasks = tasks;
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
                        scope.counters().addRows(batches.root().getRowCount());
                        continue;
                    }
                    endTask();
                }
                if (!tasks.hasNext()) {
                    return false;
                }
                ScanTask task = tasks.next();
                taskSpan = scope.startSpan("sqe.scan.task");
                taskSpan.setAttribute("sqe.table", task.tableName());
                taskSpan.setAttribute("sqe.files", task.files().size());
                taskSpan.setAttribute("sqe.bytes", task.dataBytes());
                batches = worker.execute(ScanTaskCodec.encode(task), allocator);
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
                taskSpan.setAttribute("sqe.rows", batches.rowsProduced());
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
