package io.sqe.core.error;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type the engine throws for anything a user can see. The message is written for the user:
 * it says what went wrong and, where possible, what to do. Edges translate it to their protocol.
 */
public final class SqeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;
    private final ErrorLocation location;

    public SqeException(ErrorCode errorCode, String message) {
        this(errorCode, message, null, null);
    }

    public SqeException(ErrorCode errorCode, String message, Throwable cause) {
        this(errorCode, message, null, cause);
    }

    public SqeException(ErrorCode errorCode, String message, ErrorLocation location, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
        this.location = location;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    /** Where in the statement text the error is, when known. */
    public java.util.Optional<ErrorLocation> location() {
        return java.util.Optional.ofNullable(location);
    }

    /** The one-line form shown to users: {@code CODE: message}. */
    public String toUserString() {
        return errorCode.name() + ": " + getMessage();
    }

    /** A position in statement text, 1-based, as parsers report it. */
    public record ErrorLocation(int line, int column) {
        public ErrorLocation {
            if (line < 1 || column < 1) {
                throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
            }
        }
    }
}
