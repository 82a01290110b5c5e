package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * {@code CREATE TABLE [IF NOT EXISTS] name [(a, b)] [COMMENT 'c'] [WITH (...)] AS query [WITH [NO] DATA]}.
 * {@code withData} is false for {@code WITH NO DATA}: create the table with the query's columns but no rows.
 */
public record CreateTableAsSelect(
        QualifiedName name,
        Optional<List<String>> columnAliases,
        Map<String, PropertyValue> properties,
        boolean ifNotExists,
        SqlNode query,
        boolean withData,
        Optional<String> comment) implements StatementKind {

    public CreateTableAsSelect {
        requireNonNull(name, "name is null");
        columnAliases = requireNonNull(columnAliases, "columnAliases is null").map(List::copyOf);
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        requireNonNull(query, "query is null");
        requireNonNull(comment, "comment is null");
        if (!query.isA(SqlKind.QUERY)) {
            throw new IllegalArgumentException("not a query: " + query.getKind());
        }
    }

    /** A table without a comment. */
    public CreateTableAsSelect(
            QualifiedName name,
            Optional<List<String>> columnAliases,
            Map<String, PropertyValue> properties,
            boolean ifNotExists,
            SqlNode query,
            boolean withData) {
        this(name, columnAliases, properties, ifNotExists, query, withData, Optional.empty());
    }

    @Override
    public StatementType type() {
        return StatementType.CREATE_TABLE_AS_SELECT;
    }
}
