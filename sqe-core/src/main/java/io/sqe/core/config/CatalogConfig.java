package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** {@code [catalog]}: which Iceberg catalog SQE serves, and under what name. */
public record CatalogConfig(CatalogType type, String name, Path warehouse) {
    public static final String DEFAULT_NAME = "iceberg";
    public static final String DEFAULT_WAREHOUSE = "./sqe-data";

    public CatalogConfig {
        requireNonNull(type, "type is null");
        requireNonNull(name, "name is null");
        requireNonNull(warehouse, "warehouse is null");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("catalog name must be lower-case letters, digits and '_': " + name);
        }
    }

    static CatalogConfig from(ConfigSource.Section section) {
        CatalogType type = section.getEnum("type", CatalogType.class, CatalogType.EMBEDDED);
        String name = section.getString("name", DEFAULT_NAME);
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw section.invalid("name", "'" + name + "' must be lower-case letters, digits and '_'");
        }
        return new CatalogConfig(type, name, Path.of(section.getString("warehouse", DEFAULT_WAREHOUSE)));
    }

    public CatalogConfig withWarehouse(Path warehouse) {
        return new CatalogConfig(type, name, warehouse);
    }

    /** Catalog implementations SQE can serve. */
    public enum CatalogType {
        /** An Iceberg JDBC catalog on an embedded H2 database inside the warehouse directory. */
        EMBEDDED
    }
}
