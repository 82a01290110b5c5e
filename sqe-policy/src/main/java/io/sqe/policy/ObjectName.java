package io.sqe.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A catalog, a schema ({@code catalog.schema}) or a table ({@code catalog.schema.table}) that a privilege is
 * checked on. Names are compared exactly (SQE names are case-sensitive).
 */
public record ObjectName(String catalog, Optional<String> schema, Optional<String> table) {
    public ObjectName {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
        if (catalog.isEmpty() || schema.map(String::isEmpty).orElse(false) || table.map(String::isEmpty).orElse(false)) {
            throw new IllegalArgumentException("object name parts must not be empty");
        }
        if (table.isPresent() && schema.isEmpty()) {
            throw new IllegalArgumentException("a table name needs a schema");
        }
    }

    public static ObjectName catalog(String catalog) {
        return new ObjectName(catalog, Optional.empty(), Optional.empty());
    }

    public static ObjectName schema(String catalog, String schema) {
        return new ObjectName(catalog, Optional.of(requireNonNull(schema, "schema is null")), Optional.empty());
    }

    public static ObjectName table(String catalog, String schema, String table) {
        return new ObjectName(catalog, Optional.of(requireNonNull(schema, "schema is null")),
                Optional.of(requireNonNull(table, "table is null")));
    }

    /** A table from a Calcite qualified name; empty unless the name has exactly three parts. */
    public static Optional<ObjectName> ofQualifiedTable(List<String> qualifiedName) {
        requireNonNull(qualifiedName, "qualifiedName is null");
        if (qualifiedName.size() != 3 || qualifiedName.stream().anyMatch(part -> part == null || part.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(table(qualifiedName.get(0), qualifiedName.get(1), qualifiedName.get(2)));
    }

    public Kind kind() {
        if (table.isPresent()) {
            return Kind.TABLE;
        }
        return schema.isPresent() ? Kind.SCHEMA : Kind.CATALOG;
    }

    @Override
    public String toString() {
        return catalog + schema.map(name -> "." + name).orElse("") + table.map(name -> "." + name).orElse("");
    }

    /** The level of an object. */
    public enum Kind {
        CATALOG,
        SCHEMA,
        TABLE
    }
}
