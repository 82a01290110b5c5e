package io.sqe.planner.aggregation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A partial aggregation a worker computes over the rows of one scan task, after the task's residual filter: keep the
 * rows where {@code filter} is true, compute {@code projections} on them, group by the projections named in
 * {@code groupKeys} and compute {@code aggregates}. The output has one row per group per task: the group keys in
 * order, then the aggregates. A task with no surviving rows outputs no rows, even without group keys.
 *
 * @param filter the exact filter of the plan, over the scan's output columns; the residual filter only prunes
 * @param projections the pre-aggregation columns, over the scan's output columns
 * @param groupKeys indexes into {@code projections}
 * @param aggregates the aggregate calls; their arguments index into {@code projections}
 */
public record ScanAggregation(
        Optional<ScanExpression> filter,
        List<ScanExpression> projections,
        List<Integer> groupKeys,
        List<Aggregate> aggregates) {

    /** Aggregate functions whose partial results combine into the final one. */
    public enum Function {
        COUNT_STAR, COUNT, SUM, MIN, MAX
    }

    /**
     * One aggregate call.
     *
     * @param function the function
     * @param argument index into the projections; -1 for {@code COUNT_STAR}
     * @param resultType the type of the partial result column
     */
    public record Aggregate(Function function, int argument, ScanType resultType) {
        public Aggregate {
            requireNonNull(function, "function is null");
            requireNonNull(resultType, "resultType is null");
            if ((function == Function.COUNT_STAR) != (argument < 0)) {
                throw new IllegalArgumentException(function + " has a wrong argument index " + argument);
            }
        }

        @Override
        public String toString() {
            return function == Function.COUNT_STAR ? "count(*)" : function.name().toLowerCase(java.util.Locale.ROOT)
                    + "(#" + argument + ")";
        }
    }

    public ScanAggregation {
        requireNonNull(filter, "filter is null");
        projections = List.copyOf(requireNonNull(projections, "projections is null"));
        groupKeys = List.copyOf(requireNonNull(groupKeys, "groupKeys is null"));
        aggregates = List.copyOf(requireNonNull(aggregates, "aggregates is null"));
        if (filter.isPresent() && filter.get().type().kind() != ScanType.Kind.BOOLEAN) {
            throw new IllegalArgumentException("filter is not boolean: " + filter.get().type());
        }
        for (int key : groupKeys) {
            checkIndex(key, projections.size(), "group key");
        }
        for (Aggregate aggregate : aggregates) {
            if (aggregate.argument() >= 0) {
                checkIndex(aggregate.argument(), projections.size(), "aggregate argument");
            }
        }
        if (groupKeys.isEmpty() && aggregates.isEmpty()) {
            throw new IllegalArgumentException("an aggregation needs a group key or an aggregate");
        }
    }

    private static void checkIndex(int index, int size, String what) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException(what + " " + index + " is not a projection index below " + size);
        }
    }

    /** The largest scan column any expression reads, or -1. */
    public int maxColumn() {
        int max = filter.map(ScanExpression::maxColumn).orElse(-1);
        for (ScanExpression projection : projections) {
            max = Math.max(max, ScanExpression.maxColumn(projection));
        }
        return max;
    }

    /** Output column count: group keys, then aggregates. */
    public int outputColumns() {
        return groupKeys.size() + aggregates.size();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("partialAggregate(");
        filter.ifPresent(condition -> text.append("filter=").append(condition).append(", "));
        text.append("projections=").append(projections)
                .append(", groupKeys=").append(groupKeys)
                .append(", aggregates=").append(aggregates).append(')');
        return text.toString();
    }
}
