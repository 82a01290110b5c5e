/**
 * Iceberg partition specs in the spelling of Trino's {@code partitioning} table property
 * ({@code day(ts)}, {@code bucket(id, 16)}, ...), parsed for CREATE TABLE and printed for SHOW CREATE TABLE.
 */
package io.sqe.catalog.partition;
