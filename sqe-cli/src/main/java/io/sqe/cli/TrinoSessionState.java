package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The session a Trino client keeps for the server: catalog, schema, session properties and prepared statements.
 * Statements change it through {@code X-Trino-Set-*}, {@code -Clear-Session}, {@code -Added-Prepare} and
 * {@code -Deallocated-Prepare} response headers, and every request sends it back in {@code X-Trino-*} headers.
 * Used by one thread at a time.
 */
final class TrinoSessionState {
    static final String CATALOG = "X-Trino-Catalog";
    static final String SCHEMA = "X-Trino-Schema";
    static final String SESSION = "X-Trino-Session";
    static final String PREPARED_STATEMENT = "X-Trino-Prepared-Statement";
    static final String SET_CATALOG = "X-Trino-Set-Catalog";
    static final String SET_SCHEMA = "X-Trino-Set-Schema";
    static final String SET_SESSION = "X-Trino-Set-Session";
    static final String CLEAR_SESSION = "X-Trino-Clear-Session";
    static final String ADDED_PREPARE = "X-Trino-Added-Prepare";
    static final String DEALLOCATED_PREPARE = "X-Trino-Deallocated-Prepare";

    // Mutable on purpose: this is the client's state, changed by each statement's response.
    private Optional<String> catalog;
    private Optional<String> schema;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> preparedStatements = new LinkedHashMap<>();

    /** A session that starts in {@code catalog} and {@code schema} ({@code --catalog}, {@code --schema}). */
    TrinoSessionState(Optional<String> catalog, Optional<String> schema) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.schema = requireNonNull(schema, "schema is null");
    }

    Optional<String> catalog() {
        return catalog;
    }

    Optional<String> schema() {
        return schema;
    }

    Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    /** Applies the session changes a response reports. */
    void apply(HttpHeaders headers) {
        headers.firstValue(SET_CATALOG).ifPresent(value -> catalog = Optional.of(value));
        headers.firstValue(SET_SCHEMA).ifPresent(value -> schema = Optional.of(value));
        for (String entry : headers.allValues(SET_SESSION)) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                properties.put(entry.substring(0, equals).strip(), decode(entry.substring(equals + 1).strip()));
            }
        }
        headers.allValues(CLEAR_SESSION).forEach(name -> properties.remove(name.strip()));
        for (String entry : headers.allValues(ADDED_PREPARE)) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                preparedStatements.put(decode(entry.substring(0, equals).strip()),
                        decode(entry.substring(equals + 1).strip()));
            }
        }
        headers.allValues(DEALLOCATED_PREPARE).forEach(name -> preparedStatements.remove(decode(name.strip())));
    }

    /** Adds the session to a request, the way Trino's own clients encode it. */
    void addTo(HttpRequest.Builder request) {
        catalog.ifPresent(value -> request.header(CATALOG, value));
        schema.ifPresent(value -> request.header(SCHEMA, value));
        if (!properties.isEmpty()) {
            request.header(SESSION, join(properties, false));
        }
        if (!preparedStatements.isEmpty()) {
            request.header(PREPARED_STATEMENT, join(preparedStatements, true));
        }
    }

    private static String join(Map<String, String> entries, boolean encodeNames) {
        return entries.entrySet().stream()
                .map(entry -> (encodeNames ? encode(entry.getKey()) : entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining(","));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
