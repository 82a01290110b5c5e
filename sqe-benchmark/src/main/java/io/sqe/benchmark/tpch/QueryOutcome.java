package io.sqe.benchmark.tpch;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One query's timed runs on both engines and whether SQE's result matched DuckDB's.
 *
 * @param sqeError SQE's error, when the query failed on SQE (then {@code sqeMillis} is empty)
 * @param difference the first difference from DuckDB's result, when SQE returned a different one
 */
record QueryOutcome(int query, List<Double> sqeMillis, List<Double> duckDbMillis, Optional<String> sqeError,
        Optional<String> difference, int rows) {
    QueryOutcome {
        sqeMillis = List.copyOf(sqeMillis);
        duckDbMillis = List.copyOf(duckDbMillis);
        requireNonNull(sqeError, "sqeError is null");
        requireNonNull(difference, "difference is null");
    }

    boolean matches() {
        return sqeError.isEmpty() && difference.isEmpty();
    }

    /** Why the query does not match: SQE's error or the difference; empty when it matches. */
    Optional<String> problem() {
        return sqeError.isPresent() ? sqeError : difference;
    }

    Optional<Double> sqeMedian() {
        return median(sqeMillis);
    }

    Optional<Double> duckDbMedian() {
        return median(duckDbMillis);
    }

    static Optional<Double> median(List<Double> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return Optional.of(sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2);
    }
}
