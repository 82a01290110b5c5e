/**
 * The write path of INSERT and CREATE TABLE AS: rows in Calcite's representation become Iceberg generic records,
 * are written into Parquet data files per partition with Iceberg's writers, and are committed as exactly one
 * snapshot, with the written files cleaned up whenever the commit is known not to have happened.
 */
package io.sqe.catalog.write;
