package io.sqe.coordinator.engine;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import org.apache.arrow.memory.OutOfMemoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates failures raised while a plan runs (inside Calcite's generated operators, the scan or a write)
 * into categorized errors. Anything unrecognized is an internal error, logged here with its stack trace
 * and reported to the client only by a reference id.
 */
final class RuntimeErrors {
    private static final Logger log = LoggerFactory.getLogger(RuntimeErrors.class);

    private RuntimeErrors() {}

    static SqeException translate(Throwable failure, String queryId) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SqeException) {
                return (SqeException) cause;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        if (root instanceof ArithmeticException) {
            if (message.contains("by zero")) {
                return new SqeException(ErrorCode.DIVISION_BY_ZERO, "Division by zero", failure);
            }
            return new SqeException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "Numeric value out of range: " + message,
                    failure);
        }
        if (root instanceof NumberFormatException || message.startsWith("Invalid DATE")
                || message.startsWith("Invalid TIMESTAMP") || message.contains("Unparseable")) {
            return new SqeException(ErrorCode.INVALID_CAST_ARGUMENT, "Cannot cast value: " + message, failure);
        }
        if (message.contains("more than one value in agg SINGLE_VALUE")) {
            return new SqeException(ErrorCode.SUBQUERY_MULTIPLE_ROWS,
                    "Scalar sub-query has returned multiple rows", failure);
        }
        if (root instanceof OutOfMemoryException || root instanceof OutOfMemoryError) {
            return new SqeException(ErrorCode.EXCEEDED_MEMORY_LIMIT,
                    "Query " + queryId + " exceeded its memory limit ([query] memory_limit); add filters, aggregate "
                            + "more, or raise the limit", failure);
        }
        if (root instanceof StackOverflowError) {
            log.warn("Query {} overflowed the stack", queryId, failure);
            return new SqeException(ErrorCode.QUERY_TEXT_TOO_LARGE, "Query is too deeply nested", failure);
        }
        log.error("Query {} failed with an internal error", queryId, failure);
        return new SqeException(ErrorCode.INTERNAL_ERROR,
                "Internal error in query " + queryId + "; see the server log", failure);
    }
}
