/**
 * The mapping between Iceberg types, Calcite types and the Trino-style type names shown to users, in both
 * directions: Iceberg to Calcite for reading tables, Calcite to Iceberg for creating tables from queries.
 */
package io.sqe.catalog.types;
