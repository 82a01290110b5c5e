package io.sqe.cli;

import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;

/**
 * The one line the CLI prints for a failure. The server already writes {@code ERROR_NAME: message}; client-side
 * failures get a message that says what to do.
 */
final class ErrorMessages {
    private ErrorMessages() {}

    static String describe(Throwable failure, String host, int port) {
        if (failure instanceof FlightRuntimeException) {
            FlightRuntimeException flight = (FlightRuntimeException) failure;
            if (isConnectionFailure(flight)) {
                return "cannot connect to " + host + ":" + port + " (is the server running?)";
            }
            String description = flight.status().description();
            if (flight.status().code() == FlightStatusCode.CANCELLED
                    && (description == null || !description.startsWith("USER_CANCELED"))) {
                return "query canceled";
            }
            if (description == null || description.isBlank()) {
                return flight.status().code().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            }
            return description;
        }
        if (isConnectException(failure)) {
            return "cannot connect to " + host + ":" + port + " (is the server running?)";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    /** The Trino path's HTTP client reports a refused or unreachable server as a ConnectException. */
    private static boolean isConnectException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionFailure(FlightRuntimeException failure) {
        if (failure.status().code() != FlightStatusCode.UNAVAILABLE) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && (message.contains("Connection refused") || message.contains("io exception")
                    || message.contains("UNAVAILABLE: Unable to resolve host"))) {
                return true;
            }
        }
        return false;
    }
}
