package io.sqe.cli;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;

/**
 * The one line the CLI prints for a failure. The server already writes {@code ERROR_NAME: message}; client-side
 * failures get a message that says what to do.
 */
final class ErrorMessages {
    /** Added when a server wants credentials and the user gave none. */
    static final String LOGIN_HINT = " (log in with --password or --access-token)";

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

    /**
     * Explains a failure to reach the server when it looks like a TLS mismatch: a failed handshake, or a server that
     * hangs up on a plain-text client at once. Empty for any other failure, which is reported as it is.
     */
    static Optional<SqeException> connectFailure(Throwable failure, ConnectionSettings settings) {
        String address = settings.host() + ":" + settings.port();
        Optional<Throwable> tls = cause(failure, cause -> cause instanceof SSLException);
        if (tls.isPresent()) {
            boolean certificate = cause(failure, cause -> cause instanceof GeneralSecurityException).isPresent();
            String hint = !certificate ? "is TLS on at the server? If not, leave out --tls"
                    : settings.tls().trustStore().isPresent()
                            ? "is the server's certificate, or the authority that signed it, in the trust store?"
                            : "for a private or self-signed certificate, use --trust-store FILE, or --insecure to "
                                    + "try it out";
            return Optional.of(new SqeException(ErrorCode.INVALID_ARGUMENTS, "TLS handshake with " + address
                    + " failed: " + innermostMessage(tls.get()) + " (" + hint + ")", failure));
        }
        if (settings.tls().enabled() || isConnectException(failure)) {
            return Optional.empty();
        }
        boolean hungUp = failure instanceof FlightRuntimeException
                ? ((FlightRuntimeException) failure).status().code() == FlightStatusCode.UNAVAILABLE
                        && !isConnectionFailure((FlightRuntimeException) failure)
                : failure instanceof IOException;
        if (!hungUp) {
            return Optional.empty();
        }
        return Optional.of(new SqeException(ErrorCode.INVALID_ARGUMENTS, "the server at " + address
                + " closed the connection at once; if it uses TLS, add --tls", failure));
    }

    private static Optional<Throwable> cause(Throwable failure, Predicate<Throwable> test) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (test.test(cause)) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    private static String innermostMessage(Throwable failure) {
        String message = failure.getClass().getSimpleName();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        return message;
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
