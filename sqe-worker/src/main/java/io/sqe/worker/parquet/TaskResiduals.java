package io.sqe.worker.parquet;

import static java.util.Objects.requireNonNull;

import io.sqe.planner.ScanTask;
import io.sqe.worker.filter.VectorFilter;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.parquet.ParquetBloomRowGroupFilter;
import org.apache.iceberg.parquet.ParquetDictionaryRowGroupFilter;
import org.apache.iceberg.parquet.ParquetMetricsRowGroupFilter;
import org.apache.iceberg.types.TypeUtil;

/**
 * What the files of one scan task share of their residual filters, prepared once per distinct residual rather than
 * once per file: the columns it reads, the schema to decode, the row-group filters and the bound residual filter.
 * Every file of an unpartitioned table carries the same residual instance ({@code ScanTaskCodec} decodes each
 * distinct residual once), and each of these steps binds the residual, which copies its IN lists: a join filter's can
 * hold 30,000 keys. Not thread-safe: a task reads its files one after another.
 */
public final class TaskResiduals {
    private final ScanTask task;
    private final Map<Expression, Prepared> prepared = new IdentityHashMap<>();

    public TaskResiduals(ScanTask task) {
        this.task = requireNonNull(task, "task is null");
    }

    /** The preparation of a residual of one of this task's files ({@code null} for none). */
    Prepared of(Expression residual) {
        Expression nonNull = residual == null ? Expressions.alwaysTrue() : residual;
        return prepared.computeIfAbsent(nonNull, unused -> new Prepared(task, nonNull));
    }

    /** One residual, prepared for the files of a task; the row-group filters are null when they have nothing to do. */
    static final class Prepared {
        /** The field ids the residual reads. */
        final Set<Integer> residualIds;
        /** The projected columns and the other columns the residual reads, in the table schema's order. */
        final Schema requested;
        final ParquetMetricsRowGroupFilter statistics;
        final ParquetDictionaryRowGroupFilter dictionaries;
        final ParquetBloomRowGroupFilter blooms;
        /** Bound to {@link #requested}; null for a residual that is always true. */
        final VectorFilter.BoundResidual filter;

        private Prepared(ScanTask task, Expression residual) {
            boolean none = isTrue(residual);
            residualIds = none ? Set.of() : Binder.boundReferences(task.schema().asStruct(), List.of(residual), true);
            Set<Integer> needed = new LinkedHashSet<>(task.projectedFieldIds());
            needed.addAll(residualIds);
            requested = TypeUtil.select(task.schema(), needed);
            Expression statisticsPredicates = RowGroupPredicates.forStatistics(residual);
            Expression dictionaryPredicates = RowGroupPredicates.forDictionaries(residual);
            Expression bloomPredicates = RowGroupPredicates.forBloomFilters(residual);
            statistics = isTrue(statisticsPredicates)
                    ? null : new ParquetMetricsRowGroupFilter(requested, statisticsPredicates, true);
            dictionaries = isTrue(dictionaryPredicates)
                    ? null : new ParquetDictionaryRowGroupFilter(requested, dictionaryPredicates, true);
            blooms = isTrue(bloomPredicates) ? null : new ParquetBloomRowGroupFilter(requested, bloomPredicates, true);
            filter = none ? null : VectorFilter.bind(requested.asStruct(), residual);
        }

        private static boolean isTrue(Expression expression) {
            return expression.equals(Expressions.alwaysTrue());
        }
    }
}
