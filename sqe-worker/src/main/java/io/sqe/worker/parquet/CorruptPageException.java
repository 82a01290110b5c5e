package io.sqe.worker.parquet;

/**
 * A page whose bytes do not decode. Internal to the decoder: {@link ParquetBatchReader} turns it into a
 * {@code STORAGE_ERROR} that names the data file.
 */
final class CorruptPageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptPageException(String message) {
        super(message);
    }
}
