package io.sqe.trino;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failed query as Trino's {@code QueryError} reports it. This is the only place where engine errors become
 * Trino errors: the number is SQE's (which is Trino's where Trino has the same error), the name is Trino's, and
 * the type is one of Trino's four ({@code PERMISSION_DENIED} errors are Trino user errors). Anything that is not
 * an {@link SqeException} is a bug in this module: the client gets a reference and the stack trace goes to the
 * server log.
 */
record QueryFailure(String message, int errorCode, String errorName, String errorType,
        Optional<SqeException.ErrorLocation> location) {
    private static final Logger log = LoggerFactory.getLogger(QueryFailure.class);
    private static final SecureRandom random = new SecureRandom();

    QueryFailure {
        requireNonNull(message, "message is null");
        requireNonNull(errorName, "errorName is null");
        requireNonNull(errorType, "errorType is null");
        requireNonNull(location, "location is null");
    }

    static QueryFailure of(Throwable failure) {
        if (failure instanceof SqeException exception) {
            // The engine has logged its internal errors already, with the reference its message gives.
            return of(exception.errorCode(), exception.getMessage(), exception.location());
        }
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        String reference = HexFormat.of().formatHex(bytes);
        log.error("Internal error, reference {}", reference, failure);
        return of(ErrorCode.INTERNAL_ERROR, "internal error; see the server log (reference " + reference + ")",
                Optional.empty());
    }

    static QueryFailure of(ErrorCode code, String message, Optional<SqeException.ErrorLocation> location) {
        return new QueryFailure(message, code.code(), errorName(code), errorType(code), location);
    }

    /** Trino's name for the error; SQE's names are Trino's except where Trino spells the same error differently. */
    static String errorName(ErrorCode code) {
        switch (code) {
            case ACCESS_DENIED:
                return "PERMISSION_DENIED";
            case INTERNAL_ERROR:
                return "GENERIC_INTERNAL_ERROR";
            default:
                return code.name();
        }
    }

    static String errorType(ErrorCode code) {
        return switch (code.type()) {
            case USER_ERROR, PERMISSION_DENIED -> "USER_ERROR";
            case INSUFFICIENT_RESOURCES -> "INSUFFICIENT_RESOURCES";
            case EXTERNAL -> "EXTERNAL";
            case INTERNAL -> "INTERNAL_ERROR";
        };
    }
}
