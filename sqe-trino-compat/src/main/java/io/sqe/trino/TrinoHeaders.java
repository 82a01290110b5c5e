package io.sqe.trino;

/** The {@code X-Trino-*} header names of the client protocol. */
final class TrinoHeaders {
    static final String USER = "X-Trino-User";
    static final String SOURCE = "X-Trino-Source";
    static final String CATALOG = "X-Trino-Catalog";
    static final String SCHEMA = "X-Trino-Schema";
    static final String TIME_ZONE = "X-Trino-Time-Zone";
    static final String SESSION = "X-Trino-Session";
    static final String PREPARED_STATEMENT = "X-Trino-Prepared-Statement";
    static final String CLIENT_INFO = "X-Trino-Client-Info";
    static final String CLIENT_TAGS = "X-Trino-Client-Tags";
    static final String TRACE_TOKEN = "X-Trino-Trace-Token";

    static final String SET_CATALOG = "X-Trino-Set-Catalog";
    static final String SET_SCHEMA = "X-Trino-Set-Schema";
    static final String SET_SESSION = "X-Trino-Set-Session";
    static final String CLEAR_SESSION = "X-Trino-Clear-Session";
    static final String ADDED_PREPARE = "X-Trino-Added-Prepare";
    static final String DEALLOCATED_PREPARE = "X-Trino-Deallocated-Prepare";

    private TrinoHeaders() {}
}
