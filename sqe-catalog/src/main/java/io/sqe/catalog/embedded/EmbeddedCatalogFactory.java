package io.sqe.catalog.embedded;

import static java.util.Objects.requireNonNull;

import io.sqe.core.config.CatalogConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.storage.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the embedded catalog: Iceberg's {@link JdbcCatalog} on an H2 database stored inside the warehouse
 * directory ({@code <warehouse>/catalog/sqe.mv.db}), with table data under {@code <warehouse>/<schema>/<table>}
 * written through {@link LocalFileIO}. Everything survives a restart; the caller closes the returned catalog.
 *
 * <p>H2 in file mode allows one process at a time, so two servers cannot share a warehouse directory.
 */
public final class EmbeddedCatalogFactory {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedCatalogFactory.class);

    private EmbeddedCatalogFactory() {}

    /** Opens (creating on first use) the embedded catalog for {@code config}. */
    public static JdbcCatalog create(CatalogConfig config) {
        requireNonNull(config, "config is null");
        Path warehouse = config.localDirectory().toAbsolutePath().normalize();
        Path database = warehouse.resolve("catalog").resolve("sqe");
        try {
            Files.createDirectories(database.getParent());
        } catch (IOException e) {
            throw new SqeException(
                    ErrorCode.CONFIGURATION_INVALID,
                    "Cannot create the warehouse directory " + warehouse + ": " + e.getMessage()
                            + "; set [catalog] warehouse to a writable directory",
                    e);
        }
        Map<String, String> properties = Map.of(
                CatalogProperties.URI, "jdbc:h2:file:" + database + ";DATABASE_TO_LOWER=TRUE",
                CatalogProperties.WAREHOUSE_LOCATION, warehouse.toString(),
                CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName(),
                // V1 adds the namespace-properties table, without which empty namespaces cannot exist.
                "jdbc.schema-version", "V1",
                "jdbc.user", "sa",
                "jdbc.password", "");
        JdbcCatalog catalog = new JdbcCatalog();
        try {
            catalog.initialize(config.name(), properties);
        } catch (RuntimeException e) {
            closeQuietly(catalog, e);
            throw new SqeException(
                    ErrorCode.CATALOG_UNAVAILABLE,
                    "Cannot open the embedded catalog in " + database + ": " + e.getMessage()
                            + "; check that no other SQE server uses this warehouse directory",
                    e);
        }
        log.info("Opened embedded Iceberg catalog '{}' with warehouse {}", config.name(), warehouse);
        return catalog;
    }

    private static void closeQuietly(JdbcCatalog catalog, RuntimeException failure) {
        try {
            catalog.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
