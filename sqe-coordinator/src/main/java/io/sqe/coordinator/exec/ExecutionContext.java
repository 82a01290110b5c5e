package io.sqe.coordinator.exec;

import static java.util.Objects.requireNonNull;

import io.sqe.coordinator.scan.ExecutionScope;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/** What the operators of one execution share: the query's scope (allocator, cancel flag), batch size and stats. */
final class ExecutionContext {
    private final ExecutionScope scope;
    private final DataContext dataContext;
    private final int batchRows;
    private final Map<PlanNode, OperatorStats> stats = new IdentityHashMap<>();
    private final Map<ScanNode, List<Expression>> joinFilters = new IdentityHashMap<>();

    ExecutionContext(ExecutionScope scope, DataContext dataContext, int batchRows) {
        this.scope = requireNonNull(scope, "scope is null");
        this.dataContext = requireNonNull(dataContext, "dataContext is null");
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive");
        }
        this.batchRows = batchRows;
    }

    ExecutionScope scope() {
        return scope;
    }

    DataContext dataContext() {
        return dataContext;
    }

    int batchRows() {
        return batchRows;
    }

    MemoryReservation newReservation() {
        return new MemoryReservation(scope.allocator(), scope.queryId());
    }

    /** Adds a filter a join derived for {@code scan}; it applies if the scan has not started yet. */
    synchronized void addJoinFilter(ScanNode scan, Expression filter) {
        joinFilters.computeIfAbsent(scan, key -> new ArrayList<>()).add(filter);
    }

    /** The join filters added for {@code scan}, as one conjunction (true when there are none). */
    synchronized Expression joinFilter(ScanNode scan) {
        Expression all = Expressions.alwaysTrue();
        for (Expression filter : joinFilters.getOrDefault(scan, List.of())) {
            all = Expressions.and(all, filter);
        }
        return all;
    }

    synchronized Map<PlanNode, OperatorStats> stats() {
        return Map.copyOf(stats);
    }

    /**
     * Wraps {@code operator} so its rows and time are counted for {@code node}, and so every batch any operator asks
     * for checks the query's cancel flag first: a cancelled query stops within one batch of work.
     */
    Operator instrument(PlanNode node, Operator operator) {
        OperatorStats nodeStats;
        synchronized (this) {
            nodeStats = stats.computeIfAbsent(node, key -> new OperatorStats());
        }
        return new Operator() {
            @Override
            public Batch next() {
                scope.checkCancelled();
                long start = System.nanoTime();
                try {
                    Batch batch = operator.next();
                    if (batch != null) {
                        nodeStats.rows += batch.size;
                        nodeStats.batches++;
                    }
                    return batch;
                } finally {
                    nodeStats.nanos += System.nanoTime() - start;
                }
            }

            @Override
            public void close() {
                operator.close();
            }
        };
    }
}
