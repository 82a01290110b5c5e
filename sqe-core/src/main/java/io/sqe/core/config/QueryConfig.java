package io.sqe.core.config;

/** {@code [query]}: limits that protect the server from one query. */
public record QueryConfig(int maxStatementLength, long maxResultRows) {
    public QueryConfig {
        if (maxStatementLength < 1) {
            throw new IllegalArgumentException("maxStatementLength must be positive");
        }
        if (maxResultRows < 1) {
            throw new IllegalArgumentException("maxResultRows must be positive");
        }
    }

    static QueryConfig from(ConfigSource.Section section) {
        return new QueryConfig(
                section.getInt("max_statement_length", 1_000_000, 1, Integer.MAX_VALUE),
                section.getLong("max_result_rows", 100_000_000L, 1, Long.MAX_VALUE));
    }
}
