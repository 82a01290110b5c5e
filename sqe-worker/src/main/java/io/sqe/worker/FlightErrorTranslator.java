package io.sqe.worker;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.ErrorFlightMetadata;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failure into the {@link FlightRuntimeException} a Flight client sees, for the coordinator's Flight SQL
 * endpoint and for workers alike (it lives here, the lowest module both depend on). This is the only place where
 * engine errors become Flight statuses. An {@link SqeException} keeps its message, prefixed with the error
 * name, and carries its code, name and type as trailers; anything else is a bug: the client gets a reference
 * id and the stack trace goes to the server log under that id.
 */
public final class FlightErrorTranslator {
    public static final String ERROR_CODE_KEY = "x-sqe-error-code";
    public static final String ERROR_NAME_KEY = "x-sqe-error-name";
    public static final String ERROR_TYPE_KEY = "x-sqe-error-type";

    private static final Logger log = LoggerFactory.getLogger(FlightErrorTranslator.class);
    private static final SecureRandom random = new SecureRandom();

    private FlightErrorTranslator() {}

    /** The Flight exception for {@code failure}; logs unexpected failures with a reference id. */
    public static FlightRuntimeException translate(Throwable failure) {
        if (failure instanceof FlightRuntimeException) {
            // Raised by Arrow itself (malformed requests) or already translated; no stack trace inside.
            return (FlightRuntimeException) failure;
        }
        if (failure instanceof SqeException) {
            SqeException exception = (SqeException) failure;
            if (exception.errorCode() == ErrorCode.INTERNAL_ERROR) {
                return internal(exception);
            }
            return toStatus(exception.errorCode(), exception.getMessage()).toRuntimeException();
        }
        return internal(failure);
    }

    /** The Flight status for {@code errorCode}, with the description {@code NAME: message} and the trailers. */
    public static CallStatus toStatus(ErrorCode errorCode, String message) {
        ErrorFlightMetadata metadata = new ErrorFlightMetadata();
        metadata.insert(ERROR_CODE_KEY, Integer.toString(errorCode.code()));
        metadata.insert(ERROR_NAME_KEY, errorCode.name());
        metadata.insert(ERROR_TYPE_KEY, errorCode.type().name());
        return new CallStatus(statusCode(errorCode), null, errorCode.name() + ": " + message, metadata);
    }

    /** The Flight status code for an engine error code. */
    public static FlightStatusCode statusCode(ErrorCode errorCode) {
        String name = errorCode.name();
        return switch (errorCode.type()) {
            case USER_ERROR -> {
                if (name.endsWith("NOT_FOUND")) {
                    yield FlightStatusCode.NOT_FOUND;
                }
                if (name.endsWith("ALREADY_EXISTS")) {
                    yield FlightStatusCode.ALREADY_EXISTS;
                }
                if (errorCode == ErrorCode.NOT_SUPPORTED) {
                    yield FlightStatusCode.UNIMPLEMENTED;
                }
                if (errorCode == ErrorCode.USER_CANCELED) {
                    yield FlightStatusCode.CANCELLED;
                }
                yield FlightStatusCode.INVALID_ARGUMENT;
            }
            case PERMISSION_DENIED -> errorCode == ErrorCode.AUTHENTICATION_FAILED
                    ? FlightStatusCode.UNAUTHENTICATED
                    : FlightStatusCode.UNAUTHORIZED;
            // Clients and balancers send UNAVAILABLE calls elsewhere, which is what a draining server wants.
            case INSUFFICIENT_RESOURCES -> errorCode == ErrorCode.SERVER_SHUTTING_DOWN ? FlightStatusCode.UNAVAILABLE
                    : FlightStatusCode.RESOURCE_EXHAUSTED;
            case EXTERNAL -> FlightStatusCode.UNAVAILABLE;
            case INTERNAL -> FlightStatusCode.INTERNAL;
        };
    }

    /** The trailer value for {@code key} in a status, if present (for tests and clients). */
    public static Optional<String> metadataValue(CallStatus status, String key) {
        ErrorFlightMetadata metadata = status.metadata();
        if (metadata == null || !metadata.containsKey(key)) {
            return Optional.empty();
        }
        return Optional.of(new String(metadata.getByte(key), StandardCharsets.UTF_8));
    }

    private static FlightRuntimeException internal(Throwable failure) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        String reference = HexFormat.of().formatHex(bytes);
        log.error("Internal error, reference {}", reference, failure);
        return toStatus(ErrorCode.INTERNAL_ERROR,
                "internal error; see the server log (reference " + reference + ")").toRuntimeException();
    }
}
