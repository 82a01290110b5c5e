/**
 * The Calcite adapter: a {@link io.sqe.catalog.calcite.CatalogSchema} per catalog and statement, one
 * {@link io.sqe.catalog.calcite.NamespaceSchema} per Iceberg namespace, an
 * {@link io.sqe.catalog.calcite.IcebergCalciteTable} per table (pinned to the snapshot it was loaded at) and the
 * catalog's {@code information_schema}, plus Trino's {@code system} catalog
 * ({@link io.sqe.catalog.calcite.SystemCatalogSchema}) whose {@code jdbc} schema serves JDBC metadata. Table data
 * is read through a {@link io.sqe.catalog.calcite.TableScanner} that the coordinator supplies; everything here is
 * looked up lazily, when a statement names it.
 */
package io.sqe.catalog.calcite;
