package io.sqe.benchmark.tpch;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The 22 TPC-H queries with the specification's validation parameters, one resource file each
 * ({@code queries/q01.sql} ...), in SQL that both SQE and DuckDB run unchanged.
 */
final class TpchQueries {
    static final int COUNT = 22;

    private TpchQueries() {}

    static List<Integer> all() {
        List<Integer> numbers = new ArrayList<>();
        for (int number = 1; number <= COUNT; number++) {
            numbers.add(number);
        }
        return List.copyOf(numbers);
    }

    /** The text of query {@code number}, without its leading comment line. */
    static String sql(int number) {
        checkNumber(number);
        String resource = String.format(Locale.ROOT, "queries/q%02d.sql", number);
        try (InputStream in = TpchQueries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder sql = new StringBuilder();
            for (String line : text.split("\n")) {
                if (!line.startsWith("--")) {
                    sql.append(line).append('\n');
                }
            }
            return sql.toString().strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Parses {@code "1,3,5"} or {@code "1-5,7"} into sorted, distinct query numbers. */
    static List<Integer> parse(String selection) {
        TreeSet<Integer> numbers = new TreeSet<>();
        for (String part : selection.split(",")) {
            String item = part.strip();
            if (item.isEmpty()) {
                continue;
            }
            int dash = item.indexOf('-');
            try {
                if (dash > 0) {
                    int first = Integer.parseInt(item.substring(0, dash).strip());
                    int last = Integer.parseInt(item.substring(dash + 1).strip());
                    for (int number = first; number <= last; number++) {
                        numbers.add(checkNumber(number));
                    }
                } else {
                    numbers.add(checkNumber(Integer.parseInt(item)));
                }
            } catch (NumberFormatException e) {
                throw new SqeException(ErrorCode.INVALID_REQUEST,
                        "Cannot read the query list '" + selection + "'; write numbers such as 1,3,5 or 1-22", e);
            }
        }
        if (numbers.isEmpty()) {
            throw new SqeException(ErrorCode.INVALID_REQUEST, "The query list is empty; write numbers such as 1,3,5");
        }
        return List.copyOf(numbers);
    }

    private static int checkNumber(int number) {
        if (number < 1 || number > COUNT) {
            throw new SqeException(ErrorCode.INVALID_REQUEST,
                    "TPC-H has queries 1 to " + COUNT + "; there is no query " + number);
        }
        return number;
    }
}
