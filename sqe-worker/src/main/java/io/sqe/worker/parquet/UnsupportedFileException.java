package io.sqe.worker.parquet;

import static java.util.Objects.requireNonNull;

/**
 * Says that {@link ParquetBatchReader} does not decode a data file, and why; the caller then reads the file through
 * the generic path. Raised before any row is produced.
 */
public final class UnsupportedFileException extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedFileException(String reason) {
        super(requireNonNull(reason, "reason is null"), null, false, false);
    }
}
