package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * A query: SELECT, VALUES, WITH, TABLE, set operations, ORDER BY, LIMIT. Holds Calcite's parse tree as parsed;
 * Calcite's validator rewrites the tree in place, so validate it at most once.
 */
public record Query(SqlNode query) implements StatementKind {
    public Query {
        requireNonNull(query, "query is null");
        if (!query.isA(SqlKind.QUERY)) {
            throw new IllegalArgumentException("not a query: " + query.getKind());
        }
    }

    @Override
    public StatementType type() {
        return StatementType.QUERY;
    }
}
