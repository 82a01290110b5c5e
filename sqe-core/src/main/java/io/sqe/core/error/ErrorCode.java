package io.sqe.core.error;

import static io.sqe.core.error.ErrorType.EXTERNAL;
import static io.sqe.core.error.ErrorType.INSUFFICIENT_RESOURCES;
import static io.sqe.core.error.ErrorType.INTERNAL;
import static io.sqe.core.error.ErrorType.PERMISSION_DENIED;
import static io.sqe.core.error.ErrorType.USER_ERROR;

/**
 * Every error SQE reports, with a stable name, number and type.
 *
 * <p>Numbers that have a Trino equivalent use Trino's number, so Trino clients see the codes they know.
 * External failures start at 0x0100_0000, the range Trino leaves to connectors. Never renumber a constant.
 */
public enum ErrorCode {
    GENERIC_USER_ERROR(0, USER_ERROR),
    SYNTAX_ERROR(1, USER_ERROR),
    USER_CANCELED(3, USER_ERROR),
    NOT_FOUND(5, USER_ERROR),
    FUNCTION_NOT_FOUND(6, USER_ERROR),
    INVALID_FUNCTION_ARGUMENT(7, USER_ERROR),
    DIVISION_BY_ZERO(8, USER_ERROR),
    INVALID_CAST_ARGUMENT(9, USER_ERROR),
    ALREADY_EXISTS(12, USER_ERROR),
    NOT_SUPPORTED(13, USER_ERROR),
    CONSTRAINT_VIOLATION(16, USER_ERROR),
    INVALID_TABLE_PROPERTY(18, USER_ERROR),
    NUMERIC_VALUE_OUT_OF_RANGE(19, USER_ERROR),
    SUBQUERY_MULTIPLE_ROWS(28, USER_ERROR),
    SCHEMA_NOT_EMPTY(34, USER_ERROR),
    QUERY_TEXT_TOO_LARGE(35, USER_ERROR),
    TYPE_NOT_FOUND(43, USER_ERROR),
    CATALOG_NOT_FOUND(44, USER_ERROR),
    SCHEMA_NOT_FOUND(45, USER_ERROR),
    TABLE_NOT_FOUND(46, USER_ERROR),
    COLUMN_NOT_FOUND(47, USER_ERROR),
    SCHEMA_ALREADY_EXISTS(49, USER_ERROR),
    TABLE_ALREADY_EXISTS(50, USER_ERROR),
    DUPLICATE_COLUMN_NAME(54, USER_ERROR),
    MISSING_COLUMN_NAME(55, USER_ERROR),
    MISSING_SCHEMA_NAME(57, USER_ERROR),
    TYPE_MISMATCH(58, USER_ERROR),
    INVALID_LITERAL(59, USER_ERROR),
    AMBIGUOUS_NAME(62, USER_ERROR),
    EXPRESSION_NOT_AGGREGATE(73, USER_ERROR),
    INVALID_ARGUMENTS(76, USER_ERROR),
    INVALID_PARAMETER_USAGE(80, USER_ERROR),
    /** A prepared statement handle or session token that the server does not know. */
    INVALID_HANDLE(0x0000_0100, USER_ERROR),
    /** Malformed protocol message from a client. */
    INVALID_REQUEST(0x0000_0101, USER_ERROR),

    ACCESS_DENIED(4, PERMISSION_DENIED),
    AUTHENTICATION_FAILED(0x0000_0200, PERMISSION_DENIED),

    EXCEEDED_MEMORY_LIMIT(131079, INSUFFICIENT_RESOURCES),
    EXCEEDED_TIME_LIMIT(131075, INSUFFICIENT_RESOURCES),
    EXCEEDED_RESULT_LIMIT(131081, INSUFFICIENT_RESOURCES),
    /** The server is at a capacity limit (sessions, running streams, open handles); retry later. */
    SERVER_BUSY(131074, INSUFFICIENT_RESOURCES),
    /** The server is draining before it stops: it finishes running statements but takes no new ones. */
    SERVER_SHUTTING_DOWN(65549, INSUFFICIENT_RESOURCES),

    CATALOG_UNAVAILABLE(0x0100_0000, EXTERNAL),
    STORAGE_ERROR(0x0100_0001, EXTERNAL),
    COMMIT_FAILED(0x0100_0002, EXTERNAL),
    /** The catalog may or may not have applied a commit; nothing was cleaned up. */
    COMMIT_STATE_UNKNOWN(0x0100_0003, EXTERNAL),
    WORKER_FAILED(0x0100_0004, EXTERNAL),
    /** The OpenID Connect provider could not be reached or answered something unusable. */
    IDENTITY_PROVIDER_UNAVAILABLE(0x0100_0005, EXTERNAL),

    INTERNAL_ERROR(65536, INTERNAL),
    CONFIGURATION_INVALID(65559, INTERNAL);

    private final int code;
    private final ErrorType type;

    ErrorCode(int code, ErrorType type) {
        this.code = code;
        this.type = type;
    }

    public int code() {
        return code;
    }

    public ErrorType type() {
        return type;
    }
}
