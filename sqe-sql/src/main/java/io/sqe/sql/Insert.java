package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * {@code INSERT INTO table [(columns)] query}; the source is Calcite's query node, a VALUES node for
 * {@code VALUES (...), (...)}.
 */
public record Insert(QualifiedName table, Optional<List<String>> columns, SqlNode source) implements StatementKind {
    public Insert {
        requireNonNull(table, "table is null");
        columns = requireNonNull(columns, "columns is null").map(List::copyOf);
        requireNonNull(source, "source is null");
        if (!source.isA(SqlKind.QUERY)) {
            throw new IllegalArgumentException("not a query: " + source.getKind());
        }
    }

    @Override
    public StatementType type() {
        return StatementType.INSERT;
    }
}
