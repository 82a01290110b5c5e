package io.sqe.benchmark.tpch;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows one engine returned for a query and how long it took, from sending the statement to reading the
 * last row. Values are what JDBC's {@code getObject} returned; a row may hold nulls.
 */
record QueryResult(List<String> columns, List<List<Object>> rows, long nanos) {
    QueryResult {
        columns = List.copyOf(columns);
        List<List<Object>> copies = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            requireNonNull(row, "row is null");
            copies.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copies);
    }

    double millis() {
        return nanos / 1_000_000.0;
    }
}
