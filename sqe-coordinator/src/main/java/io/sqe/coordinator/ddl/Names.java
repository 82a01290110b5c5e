package io.sqe.coordinator.ddl;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.SessionCatalog;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import io.sqe.sql.QualifiedName;
import java.util.List;

/** Resolves statement names against the session path: {@code t}, {@code s.t} and {@code c.s.t}. */
public final class Names {
    private Names() {}

    public static String schema(Session session, SessionCatalog catalog, QualifiedName name) {
        List<String> parts = name.parts();
        if (parts.size() > 2) {
            throw new SqeException(ErrorCode.SYNTAX_ERROR, "Too many dots in schema name '" + name + "'");
        }
        if (parts.size() == 2) {
            checkCatalog(catalog, parts.get(0));
        }
        return parts.get(parts.size() - 1);
    }

    public static TableName table(Session session, SessionCatalog catalog, QualifiedName name) {
        List<String> parts = name.parts();
        switch (parts.size()) {
            case 1:
                return new TableName(session.schema().orElseThrow(() -> new SqeException(
                        ErrorCode.MISSING_SCHEMA_NAME, "No schema selected for table '" + name
                                + "'; run USE <schema> or write <schema>." + name)), parts.get(0));
            case 2:
                return new TableName(parts.get(0), parts.get(1));
            default:
                checkCatalog(catalog, parts.get(0));
                return new TableName(parts.get(1), parts.get(2));
        }
    }

    public static void checkCatalog(SessionCatalog catalog, String name) {
        if (!catalog.name().equals(name)) {
            throw new SqeException(ErrorCode.CATALOG_NOT_FOUND,
                    "Catalog '" + name + "' does not exist; this server serves catalog '" + catalog.name() + "'");
        }
    }

    /** A schema-qualified table name. */
    public record TableName(String schema, String table) {
        public TableName {
            requireNonNull(schema, "schema is null");
            requireNonNull(table, "table is null");
        }
    }
}
