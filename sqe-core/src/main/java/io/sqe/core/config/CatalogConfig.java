package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code [catalog]}: which Iceberg catalog SQE serves, and under what name.
 *
 * @param warehouse for {@link CatalogType#EMBEDDED} the local directory holding the catalog database and the tables;
 *     for {@link CatalogType#REST} the warehouse the REST catalog is asked for (its {@code warehouse} property)
 * @param uri the REST catalog's base URL; required for {@link CatalogType#REST}
 */
public record CatalogConfig(CatalogType type, String name, String warehouse, Optional<URI> uri) {
    public static final String DEFAULT_NAME = "iceberg";
    public static final String DEFAULT_WAREHOUSE = "./sqe-data";

    public CatalogConfig {
        requireNonNull(type, "type is null");
        requireNonNull(name, "name is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(uri, "uri is null");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("catalog name must be lower-case letters, digits and '_': " + name);
        }
        if (type == CatalogType.REST && uri.isEmpty()) {
            throw new IllegalArgumentException("[catalog] type = \"rest\" needs a uri");
        }
    }

    static CatalogConfig from(ConfigSource.Section section) {
        CatalogType type = section.getEnum("type", CatalogType.class, CatalogType.EMBEDDED);
        String name = section.getString("name", DEFAULT_NAME);
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw section.invalid("name", "'" + name + "' must be lower-case letters, digits and '_'");
        }
        Optional<URI> uri = section.getOptional("uri").map(text -> {
            try {
                return URI.create(text.strip());
            } catch (IllegalArgumentException e) {
                throw section.invalid("uri", "'" + text + "' is not a URL");
            }
        });
        if (type == CatalogType.REST && uri.isEmpty()) {
            throw section.invalid("uri", "required when type = \"rest\" (the REST catalog's base URL)");
        }
        return new CatalogConfig(type, name, section.getString("warehouse", DEFAULT_WAREHOUSE), uri);
    }

    /**
     * The local directory for the server's own files: the embedded warehouse itself, or {@value #DEFAULT_WAREHOUSE}
     * beside a REST catalog (where the audit log goes by default).
     */
    public Path localDirectory() {
        return Path.of(type == CatalogType.EMBEDDED ? warehouse : DEFAULT_WAREHOUSE);
    }

    /** The embedded catalog, named {@value #DEFAULT_NAME}, in {@code directory}. */
    public static CatalogConfig embedded(Path directory) {
        return new CatalogConfig(CatalogType.EMBEDDED, DEFAULT_NAME, directory.toString(), Optional.empty());
    }

    public CatalogConfig withWarehouse(Path directory) {
        return new CatalogConfig(type, name, directory.toString(), uri);
    }

    /** A REST catalog at {@code newUri}, asking for {@code newWarehouse}. */
    public CatalogConfig withRest(URI newUri, String newWarehouse) {
        return new CatalogConfig(CatalogType.REST, name, newWarehouse, Optional.of(newUri));
    }

    /** Catalog implementations SQE can serve. */
    public enum CatalogType {
        /** An Iceberg JDBC catalog on an embedded H2 database inside the warehouse directory. */
        EMBEDDED,
        /** An Iceberg REST catalog, called with each user's own bearer token. */
        REST
    }
}
