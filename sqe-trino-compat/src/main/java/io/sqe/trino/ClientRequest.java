package io.sqe.trino;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a client sent with a statement in its {@code X-Trino-*} headers. The protocol keeps no server session
 * per connection: the client sends its catalog, schema, session properties and prepared statements with every
 * statement, and the server reports changes in response headers.
 */
record ClientRequest(String user, Optional<String> source, Optional<String> catalog, Optional<String> schema,
        ZoneId timeZone, Map<String, String> sessionProperties, Map<String, String> preparedStatements,
        Optional<String> clientInfo, Set<String> clientTags, Optional<String> traceToken, String clientAddress,
        Map<String, String> traceContext) {
    ClientRequest {
        requireNonNull(user, "user is null");
        requireNonNull(source, "source is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(timeZone, "timeZone is null");
        sessionProperties = Map.copyOf(requireNonNull(sessionProperties, "sessionProperties is null"));
        preparedStatements = Map.copyOf(requireNonNull(preparedStatements, "preparedStatements is null"));
        requireNonNull(clientInfo, "clientInfo is null");
        clientTags = Set.copyOf(requireNonNull(clientTags, "clientTags is null"));
        requireNonNull(traceToken, "traceToken is null");
        requireNonNull(clientAddress, "clientAddress is null");
        traceContext = Map.copyOf(requireNonNull(traceContext, "traceContext is null"));
    }

    /**
     * Reads the headers; {@code headers} returns every value of a header, in order.
     *
     * @throws SqeException INVALID_REQUEST for a missing user or a malformed header
     */
    static ClientRequest from(Function<String, List<String>> headers, String clientAddress) {
        String user = single(headers, TrinoHeaders.USER).filter(name -> !name.isBlank())
                .orElseThrow(() -> invalid("the " + TrinoHeaders.USER + " header is missing: name the user"));
        ZoneId timeZone;
        try {
            timeZone = single(headers, TrinoHeaders.TIME_ZONE).map(ZoneId::of).orElse(ZoneId.of("UTC"));
        } catch (DateTimeException e) {
            throw invalid("the " + TrinoHeaders.TIME_ZONE + " header is not a time zone: " + e.getMessage());
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String value : headers.apply(TrinoHeaders.CLIENT_TAGS)) {
            for (String tag : value.split(",")) {
                if (!tag.isBlank()) {
                    tags.add(tag.trim());
                }
            }
        }
        return new ClientRequest(user, single(headers, TrinoHeaders.SOURCE), single(headers, TrinoHeaders.CATALOG),
                single(headers, TrinoHeaders.SCHEMA), timeZone,
                pairs(headers.apply(TrinoHeaders.SESSION), false, TrinoHeaders.SESSION),
                pairs(headers.apply(TrinoHeaders.PREPARED_STATEMENT), true, TrinoHeaders.PREPARED_STATEMENT),
                single(headers, TrinoHeaders.CLIENT_INFO), tags, single(headers, TrinoHeaders.TRACE_TOKEN),
                clientAddress, traceContext(headers));
    }

    /** The same request on behalf of {@code authenticatedUser}: with authentication on, the header does not count. */
    ClientRequest withUser(String authenticatedUser) {
        return new ClientRequest(authenticatedUser, source, catalog, schema, timeZone, sessionProperties,
                preparedStatements, clientInfo, clientTags, traceToken, clientAddress, traceContext);
    }

    /** The W3C trace context headers ({@code traceparent}, {@code tracestate}) the client sent, if any. */
    private static Map<String, String> traceContext(Function<String, List<String>> headers) {
        Map<String, String> context = new java.util.HashMap<>();
        for (String name : List.of("traceparent", "tracestate")) {
            single(headers, name).ifPresent(value -> context.put(name, value));
        }
        return context;
    }

    private static Optional<String> single(Function<String, List<String>> headers, String name) {
        List<String> values = headers.apply(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0).trim()).filter(v -> !v.isEmpty());
    }

    /** {@code name=value} entries, comma-separated within a header; values (and names, if asked) URL-encoded. */
    private static Map<String, String> pairs(List<String> values, boolean decodeNames, String header) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String value : values) {
            for (String entry : value.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int equals = entry.indexOf('=');
                if (equals <= 0) {
                    throw invalid("malformed " + header + " header entry '" + entry.trim() + "': expected name=value");
                }
                String name = entry.substring(0, equals).trim();
                entries.put(decodeNames ? decode(name) : name, decode(entry.substring(equals + 1).trim()));
            }
        }
        return entries;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static SqeException invalid(String message) {
        return new SqeException(ErrorCode.INVALID_REQUEST, message);
    }
}
