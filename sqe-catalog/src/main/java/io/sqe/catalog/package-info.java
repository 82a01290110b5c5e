/**
 * SQE's view of an Iceberg catalog. {@link io.sqe.catalog.SessionCatalog} wraps any Iceberg catalog with
 * namespace support, maps SQL schemas to single-level namespaces and turns every Iceberg failure into an
 * {@link io.sqe.core.error.SqeException} with the matching error code; the sub-packages hold the embedded
 * catalog, the type and partitioning mappings, the Calcite adapter and the write path.
 */
package io.sqe.catalog;
