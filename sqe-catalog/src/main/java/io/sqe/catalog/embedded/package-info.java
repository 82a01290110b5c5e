/**
 * The embedded catalog of the standalone deployment: Iceberg's JDBC catalog on an H2 database kept inside the
 * warehouse directory, with table files written through {@link io.sqe.planner.storage.LocalFileIO}, so a
 * server started without any configuration keeps its tables across restarts.
 */
package io.sqe.catalog.embedded;
