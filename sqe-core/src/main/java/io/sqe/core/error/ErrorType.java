package io.sqe.core.error;

/** The broad category of an error; clients use it to decide whether retrying or fixing the query helps. */
public enum ErrorType {
    /** The statement or its input is wrong; fix the statement. */
    USER_ERROR,
    /** The user is not allowed to do this. */
    PERMISSION_DENIED,
    /** A limit (memory, time, result size) was reached. */
    INSUFFICIENT_RESOURCES,
    /** A system SQE depends on (catalog, storage, a worker) failed. */
    EXTERNAL,
    /** A bug in SQE. */
    INTERNAL
}
