package io.sqe.catalog;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotAuthorizedException;

/**
 * The catalog as one statement of one user sees it: SQL schemas are single-level Iceberg namespaces.
 *
 * <p>Every Iceberg failure leaves this class as a {@link SqeException}: missing schemas and tables as
 * {@link ErrorCode#SCHEMA_NOT_FOUND} / {@link ErrorCode#TABLE_NOT_FOUND}, name clashes as
 * {@link ErrorCode#SCHEMA_ALREADY_EXISTS} / {@link ErrorCode#TABLE_ALREADY_EXISTS}, a non-empty schema on drop
 * as {@link ErrorCode#SCHEMA_NOT_EMPTY}, and anything unexpected as {@link ErrorCode#CATALOG_UNAVAILABLE}.
 * Listings are sorted.
 *
 * <p>The catalog's answer about what the user may see is final, and what the user may not see does not exist: a
 * forbidden ({@link ForbiddenException}, HTTP 403) table or schema fails exactly as a missing one, a forbidden schema
 * is absent from {@link #schemaExists}, and a forbidden listing of schemas is empty. A rejected token
 * ({@link NotAuthorizedException}, HTTP 401) is {@link ErrorCode#AUTHENTICATION_FAILED}.
 */
public final class SessionCatalog {
    private final String name;
    private final Catalog catalog;
    private final SupportsNamespaces namespaces;
    private final CatalogCallObserver observer;

    /** @param catalog an Iceberg catalog that also implements {@link SupportsNamespaces} */
    public SessionCatalog(String name, Catalog catalog) {
        this(name, catalog, CatalogCallObserver.NONE);
    }

    /** @param observer sees every call to the catalog (metrics and traces) */
    public SessionCatalog(String name, Catalog catalog, CatalogCallObserver observer) {
        this.observer = requireNonNull(observer, "observer is null");
        this.name = requireNonNull(name, "name is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        if (!(catalog instanceof SupportsNamespaces)) {
            throw new IllegalArgumentException("catalog " + catalog.name() + " does not support namespaces");
        }
        this.namespaces = (SupportsNamespaces) catalog;
    }

    /** The catalog name users write in SQL, such as {@code iceberg}. */
    public String name() {
        return name;
    }

    public List<String> listSchemas() {
        return onCatalog("listSchemas", () -> {
            try {
                return namespaces.listNamespaces(Namespace.empty()).stream()
                        .filter(namespace -> namespace.length() == 1)
                        .map(namespace -> namespace.level(0))
                        .sorted()
                        .toList();
            } catch (ForbiddenException e) {
                return List.of();
            }
        });
    }

    public boolean schemaExists(String schema) {
        requireNonNull(schema, "schema is null");
        return onSchema("schemaExists", schema, () -> {
            try {
                return namespaces.namespaceExists(Namespace.of(schema));
            } catch (ForbiddenException e) {
                return false;
            }
        });
    }

    public void createSchema(String schema, boolean ifNotExists) {
        requireNonNull(schema, "schema is null");
        if (ifNotExists && schemaExists(schema)) {
            return;
        }
        try {
            onSchema("createSchema", schema, () -> {
                namespaces.createNamespace(Namespace.of(schema), Map.of());
                return null;
            });
        } catch (SqeException e) {
            // Lost a race with a concurrent CREATE SCHEMA IF NOT EXISTS.
            if (!(ifNotExists && e.errorCode() == ErrorCode.SCHEMA_ALREADY_EXISTS)) {
                throw e;
            }
        }
    }

    /** Drops an empty schema; a schema that still has tables fails with {@link ErrorCode#SCHEMA_NOT_EMPTY}. */
    public void dropSchema(String schema, boolean ifExists) {
        requireNonNull(schema, "schema is null");
        if (!schemaExists(schema)) {
            if (ifExists) {
                return;
            }
            throw schemaNotFound(schema, null);
        }
        if (!listTables(schema).isEmpty()) {
            throw schemaNotEmpty(schema, null);
        }
        boolean dropped = onSchema("dropSchema", schema, () -> namespaces.dropNamespace(Namespace.of(schema)));
        if (!dropped && !ifExists) {
            throw schemaNotFound(schema, null);
        }
    }

    public List<String> listTables(String schema) {
        requireNonNull(schema, "schema is null");
        return onSchema("listTables", schema, () -> catalog.listTables(Namespace.of(schema)).stream()
                .map(TableIdentifier::name)
                .sorted()
                .toList());
    }

    /** The table, or empty when it (or its schema) does not exist. */
    public Optional<Table> findTable(String schema, String table) {
        TableIdentifier identifier = identifier(schema, table);
        try {
            return Optional.of(onTable("findTable", schema, table, () -> catalog.loadTable(identifier)));
        } catch (SqeException e) {
            if (e.errorCode() == ErrorCode.TABLE_NOT_FOUND || e.errorCode() == ErrorCode.SCHEMA_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The table; fails with {@link ErrorCode#TABLE_NOT_FOUND}, or {@link ErrorCode#SCHEMA_NOT_FOUND}. */
    public Table loadTable(String schema, String table) {
        TableIdentifier identifier = identifier(schema, table);
        try {
            return onTable("loadTable", schema, table, () -> catalog.loadTable(identifier));
        } catch (SqeException e) {
            if (e.errorCode() == ErrorCode.TABLE_NOT_FOUND && !schemaExists(schema)) {
                throw schemaNotFound(schema, e);
            }
            throw e;
        }
    }

    /** Creates a table; with {@code ifNotExists} an existing table is returned unchanged. */
    public Table createTable(String schema, String table, Schema tableSchema, PartitionSpec spec, boolean ifNotExists) {
        TableIdentifier identifier = identifier(schema, table);
        requireNonNull(tableSchema, "tableSchema is null");
        requireNonNull(spec, "spec is null");
        requireSchema(schema);
        try {
            return onTable("createTable", schema, table, () -> catalog.createTable(identifier, tableSchema, spec));
        } catch (SqeException e) {
            if (ifNotExists && e.errorCode() == ErrorCode.TABLE_ALREADY_EXISTS) {
                return loadTable(schema, table);
            }
            throw e;
        }
    }

    /** Drops a table and purges its data and metadata files. */
    public void dropTable(String schema, String table, boolean ifExists) {
        TableIdentifier identifier = identifier(schema, table);
        boolean dropped;
        try {
            dropped = onTable("dropTable", schema, table, () -> catalog.dropTable(identifier, true));
        } catch (SqeException e) {
            // A forbidden table is reported exactly like a missing one, schema check included.
            if (e.errorCode() != ErrorCode.TABLE_NOT_FOUND) {
                throw e;
            }
            dropped = false;
        }
        if (!dropped && !ifExists) {
            if (!schemaExists(schema)) {
                throw schemaNotFound(schema, null);
            }
            throw tableNotFound(schema, table, null);
        }
    }

    /**
     * Starts creating a table whose creation becomes visible only when the transaction commits, together with
     * whatever the transaction adds (CREATE TABLE AS). Fails with {@link ErrorCode#TABLE_ALREADY_EXISTS} when
     * the table exists already.
     */
    public Transaction newCreateTableTransaction(String schema, String table, Schema tableSchema, PartitionSpec spec) {
        TableIdentifier identifier = identifier(schema, table);
        requireNonNull(tableSchema, "tableSchema is null");
        requireNonNull(spec, "spec is null");
        requireSchema(schema);
        return onTable("newCreateTableTransaction", schema, table,
                () -> catalog.newCreateTableTransaction(identifier, tableSchema, spec));
    }

    /** The user-facing name of a table: {@code catalog.schema.table}. */
    public String qualifiedName(String schema, String table) {
        return name + "." + schema + "." + table;
    }

    /** The error for a table that appeared between check and create, for callers committing a creation. */
    public SqeException tableAlreadyExists(String schema, String table, Throwable cause) {
        return new SqeException(
                ErrorCode.TABLE_ALREADY_EXISTS,
                "Table '" + qualifiedName(schema, table) + "' already exists; drop it first or choose another name",
                cause);
    }

    private void requireSchema(String schema) {
        if (!schemaExists(schema)) {
            throw schemaNotFound(schema, null);
        }
    }

    private static TableIdentifier identifier(String schema, String table) {
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
        return TableIdentifier.of(Namespace.of(schema), table);
    }

    private <T> T onCatalog(String operation, Supplier<T> action) {
        return call(operation, action, failure -> Optional.empty());
    }

    private <T> T onSchema(String operation, String schema, Supplier<T> action) {
        return call(operation, action, failure -> {
            if (failure instanceof NoSuchNamespaceException || failure instanceof ForbiddenException) {
                return Optional.of(schemaNotFound(schema, failure));
            }
            if (failure instanceof AlreadyExistsException) {
                return Optional.of(new SqeException(
                        ErrorCode.SCHEMA_ALREADY_EXISTS,
                        "Schema '" + name + "." + schema + "' already exists",
                        failure));
            }
            if (failure instanceof NamespaceNotEmptyException) {
                return Optional.of(schemaNotEmpty(schema, failure));
            }
            return Optional.empty();
        });
    }

    private <T> T onTable(String operation, String schema, String table, Supplier<T> action) {
        return call(operation, action, failure -> {
            if (failure instanceof NoSuchTableException || failure instanceof ForbiddenException) {
                return Optional.of(tableNotFound(schema, table, failure));
            }
            if (failure instanceof NoSuchNamespaceException) {
                return Optional.of(schemaNotFound(schema, failure));
            }
            if (failure instanceof AlreadyExistsException) {
                return Optional.of(tableAlreadyExists(schema, table, failure));
            }
            return Optional.empty();
        });
    }

    /** Runs one catalog call; Iceberg failures the translator does not know become CATALOG_UNAVAILABLE. */
    private <T> T call(String operation, Supplier<T> action,
            Function<RuntimeException, Optional<SqeException>> translator) {
        try {
            return observer.observe(operation, action);
        } catch (SqeException e) {
            throw e;
        } catch (NotAuthorizedException e) {
            throw new SqeException(
                    ErrorCode.AUTHENTICATION_FAILED, "the catalog rejected your token; log in again", e);
        } catch (RuntimeException e) {
            throw translator.apply(e).orElseGet(() -> new SqeException(
                    ErrorCode.CATALOG_UNAVAILABLE,
                    "Catalog '" + name + "' failed: " + e.getMessage() + "; retry, and check the catalog if it "
                            + "keeps failing",
                    e));
        }
    }

    private SqeException schemaNotFound(String schema, Throwable cause) {
        return new SqeException(
                ErrorCode.SCHEMA_NOT_FOUND, "Schema '" + name + "." + schema + "' does not exist", cause);
    }

    private SqeException tableNotFound(String schema, String table, Throwable cause) {
        return new SqeException(
                ErrorCode.TABLE_NOT_FOUND, "Table '" + qualifiedName(schema, table) + "' does not exist", cause);
    }

    private SqeException schemaNotEmpty(String schema, Throwable cause) {
        return new SqeException(
                ErrorCode.SCHEMA_NOT_EMPTY,
                "Cannot drop non-empty schema '" + name + "." + schema + "'; drop its tables first",
                cause);
    }
}
