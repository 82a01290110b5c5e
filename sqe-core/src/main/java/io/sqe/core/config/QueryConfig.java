package io.sqe.core.config;

import java.util.Locale;

/**
 * {@code [query]}: limits that protect the server from one query, and how queries run.
 *
 * @param memoryLimitBytes the most memory one query may hold (its Arrow buffers and the state of its operators); a
 *     query over it fails with EXCEEDED_MEMORY_LIMIT and the server carries on
 * @param scanParallelism how many scan tasks one table scan reads at the same time, and how many threads the
 *     server's shared scan pool has
 * @param columnarExecution whether queries run on the columnar engine where it supports them ({@code execution =
 *     "columnar"}), or always on Calcite's row operators ({@code "row"}, for comparison and as a safety valve)
 * @param batchRows the rows per batch of the columnar engine's operators
 */
public record QueryConfig(int maxStatementLength, long maxResultRows, long memoryLimitBytes, int scanParallelism,
        boolean columnarExecution, int batchRows) {
    /** The default memory limit: half of what the JVM may use for its heap (Arrow's direct memory has the same cap). */
    public static final String AUTO = "auto";

    /** The most scan tasks a scan may read at once. */
    public static final int MAX_SCAN_PARALLELISM = 256;

    public static final int DEFAULT_BATCH_ROWS = 8192;

    /** With the default scan parallelism and execution settings. */
    public QueryConfig(int maxStatementLength, long maxResultRows, long memoryLimitBytes) {
        this(maxStatementLength, maxResultRows, memoryLimitBytes, defaultScanParallelism(), true, DEFAULT_BATCH_ROWS);
    }

    public QueryConfig {
        if (maxStatementLength < 1) {
            throw new IllegalArgumentException("maxStatementLength must be positive");
        }
        if (maxResultRows < 1) {
            throw new IllegalArgumentException("maxResultRows must be positive");
        }
        if (memoryLimitBytes < 1) {
            throw new IllegalArgumentException("memoryLimitBytes must be positive");
        }
        if (scanParallelism < 1 || scanParallelism > MAX_SCAN_PARALLELISM) {
            throw new IllegalArgumentException("scanParallelism must be in 1.." + MAX_SCAN_PARALLELISM);
        }
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive");
        }
    }

    /** The available processors, at most {@link #MAX_SCAN_PARALLELISM}. */
    public static int defaultScanParallelism() {
        return Math.min(MAX_SCAN_PARALLELISM, Runtime.getRuntime().availableProcessors());
    }

    static QueryConfig from(ConfigSource.Section section) {
        String memoryLimit = section.getString("memory_limit", AUTO).strip();
        long memoryLimitBytes;
        try {
            memoryLimitBytes = parseSize(memoryLimit);
        } catch (IllegalArgumentException e) {
            throw section.invalid("memory_limit", "'" + memoryLimit + "' is not \"auto\" or a size such as 512MB or 4GB");
        }
        int scanParallelism = section.getString("scan_parallelism", AUTO).strip().equalsIgnoreCase(AUTO)
                ? defaultScanParallelism()
                : section.getInt("scan_parallelism", 1, 1, MAX_SCAN_PARALLELISM);
        String execution = section.getString("execution", "columnar").strip().toLowerCase(Locale.ROOT);
        if (!execution.equals("columnar") && !execution.equals("row")) {
            throw section.invalid("execution", "'" + execution + "' is not \"columnar\" or \"row\"");
        }
        return new QueryConfig(
                section.getInt("max_statement_length", 1_000_000, 1, Integer.MAX_VALUE),
                section.getLong("max_result_rows", 100_000_000L, 1, Long.MAX_VALUE),
                memoryLimitBytes,
                scanParallelism,
                execution.equals("columnar"),
                section.getInt("batch_rows", DEFAULT_BATCH_ROWS, 1, 1 << 20));
    }

    public QueryConfig withMemoryLimitBytes(long bytes) {
        return new QueryConfig(maxStatementLength, maxResultRows, bytes, scanParallelism, columnarExecution, batchRows);
    }

    public QueryConfig withScanParallelism(int tasks) {
        return new QueryConfig(maxStatementLength, maxResultRows, memoryLimitBytes, tasks, columnarExecution,
                batchRows);
    }

    /** This configuration with the given execution engine and batch size. */
    public QueryConfig withExecution(boolean columnar, int rowsPerBatch) {
        return new QueryConfig(maxStatementLength, maxResultRows, memoryLimitBytes, scanParallelism, columnar,
                rowsPerBatch);
    }

    /** {@code auto}, or a whole number of bytes with an optional KB, MB, GB or TB suffix (powers of 1024). */
    static long parseSize(String text) {
        String value = text.toUpperCase(Locale.ROOT).replace(" ", "");
        if (value.equals("AUTO")) {
            return Math.max(1, Runtime.getRuntime().maxMemory() / 2);
        }
        long unit = 1;
        for (String[] suffix : new String[][] {{"TB", "1099511627776"}, {"GB", "1073741824"}, {"MB", "1048576"},
                {"KB", "1024"}, {"B", "1"}}) {
            if (value.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                value = value.substring(0, value.length() - suffix[0].length());
                break;
            }
        }
        long amount = Long.parseLong(value);
        if (amount < 1) {
            throw new IllegalArgumentException("not positive: " + text);
        }
        return Math.multiplyExact(amount, unit);
    }
}
