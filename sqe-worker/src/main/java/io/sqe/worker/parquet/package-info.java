/**
 * A bulk Parquet → Arrow decoder for the worker's scan: it reads a data file's footer and pages through
 * parquet-java and decodes whole runs of values straight into the Arrow vectors SQE already produces, instead of
 * materializing Iceberg records row by row.
 *
 * <p>{@link io.sqe.worker.parquet.ParquetBatchReader#open} decides per data file, before reading any page, whether
 * the decoder supports the file (flat primitive columns, PLAIN and dictionary encodings, no delete files); otherwise
 * the caller reads the file through Iceberg's generic reader, so results never differ between the paths.
 */
package io.sqe.worker.parquet;
