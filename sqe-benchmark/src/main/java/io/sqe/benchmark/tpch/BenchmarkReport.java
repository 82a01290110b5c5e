package io.sqe.benchmark.tpch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The benchmark's table: per query the median SQE and DuckDB times, their ratio and whether the results
 * matched; then the totals and geometric means over the queries that ran on both engines.
 */
final class BenchmarkReport {
    private BenchmarkReport() {}

    static String format(List<QueryOutcome> outcomes) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-5s %12s %12s %9s %7s %6s%n", "query", "SQE ms", "DuckDB ms",
                "SQE/Duck", "rows", "match"));
        List<Double> sqeTimes = new ArrayList<>();
        List<Double> duckDbTimes = new ArrayList<>();
        int matched = 0;
        for (QueryOutcome outcome : outcomes) {
            Optional<Double> sqe = outcome.sqeMedian();
            double duckDb = outcome.duckDbMedian().orElseThrow();
            out.append(String.format(Locale.ROOT, "Q%-4d %12s %12.1f %9s %7d %6s%n", outcome.query(),
                    sqe.map(value -> String.format(Locale.ROOT, "%.1f", value)).orElse("error"), duckDb,
                    sqe.map(value -> String.format(Locale.ROOT, "%.2f", value / duckDb)).orElse("-"),
                    outcome.rows(), outcome.matches() ? "yes" : "NO"));
            if (sqe.isPresent()) {
                sqeTimes.add(sqe.get());
                duckDbTimes.add(duckDb);
            }
            if (outcome.matches()) {
                matched++;
            }
        }
        if (!sqeTimes.isEmpty()) {
            double sqeTotal = sum(sqeTimes);
            double duckDbTotal = sum(duckDbTimes);
            out.append(String.format(Locale.ROOT, "%-5s %12.1f %12.1f %9.2f%n", "total", sqeTotal, duckDbTotal,
                    sqeTotal / duckDbTotal));
            double sqeMean = geometricMean(sqeTimes);
            double duckDbMean = geometricMean(duckDbTimes);
            out.append(String.format(Locale.ROOT, "%-5s %12.1f %12.1f %9.2f%n", "geo", sqeMean, duckDbMean,
                    sqeMean / duckDbMean));
        }
        out.append(String.format(Locale.ROOT, "%d of %d queries match DuckDB; totals and geometric means over the"
                + " %d queries that ran on SQE%n", matched, outcomes.size(), sqeTimes.size()));
        for (QueryOutcome outcome : outcomes) {
            outcome.problem().ifPresent(problem -> out.append(String.format(Locale.ROOT, "Q%d: %s%n",
                    outcome.query(), problem)));
        }
        return out.toString();
    }

    private static double sum(List<Double> values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }

    static double geometricMean(List<Double> values) {
        double logs = 0;
        for (double value : values) {
            logs += Math.log(Math.max(value, 0.001));
        }
        return Math.exp(logs / values.size());
    }
}
