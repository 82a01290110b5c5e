package io.sqe.trino;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a statement changed in the client's session, reported in {@code X-Trino-Set-*}, {@code -Clear-Session},
 * {@code -Added-Prepare} and {@code -Deallocated-Prepare} response headers; the client sends the new state with its
 * next statement.
 */
record SessionChanges(Optional<String> setCatalog, Optional<String> setSchema, Map<String, String> setSession,
        Set<String> clearSession, Map<String, String> addedPrepare, Set<String> deallocatedPrepare) {
    static final SessionChanges NONE = new SessionChanges(Optional.empty(), Optional.empty(), Map.of(), Set.of(),
            Map.of(), Set.of());

    SessionChanges {
        requireNonNull(setCatalog, "setCatalog is null");
        requireNonNull(setSchema, "setSchema is null");
        setSession = Map.copyOf(requireNonNull(setSession, "setSession is null"));
        clearSession = Set.copyOf(requireNonNull(clearSession, "clearSession is null"));
        addedPrepare = Map.copyOf(requireNonNull(addedPrepare, "addedPrepare is null"));
        deallocatedPrepare = Set.copyOf(requireNonNull(deallocatedPrepare, "deallocatedPrepare is null"));
    }

    static SessionChanges path(String catalog, String schema) {
        return new SessionChanges(Optional.of(catalog), Optional.of(schema), Map.of(), Set.of(), Map.of(), Set.of());
    }

    static SessionChanges setSession(String name, String value) {
        return new SessionChanges(Optional.empty(), Optional.empty(), Map.of(name, value), Set.of(), Map.of(),
                Set.of());
    }

    static SessionChanges clearSession(String name) {
        return new SessionChanges(Optional.empty(), Optional.empty(), Map.of(), Set.of(name), Map.of(), Set.of());
    }

    static SessionChanges addedPrepare(String name, String statement) {
        return new SessionChanges(Optional.empty(), Optional.empty(), Map.of(), Set.of(), Map.of(name, statement),
                Set.of());
    }

    static SessionChanges deallocatedPrepare(String name) {
        return new SessionChanges(Optional.empty(), Optional.empty(), Map.of(), Set.of(), Map.of(), Set.of(name));
    }

    /** The response headers, each name with its values in order, encoded as Trino's clients decode them. */
    Map<String, List<String>> headers() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        setCatalog.ifPresent(catalog -> headers.put(TrinoHeaders.SET_CATALOG, List.of(catalog)));
        setSchema.ifPresent(schema -> headers.put(TrinoHeaders.SET_SCHEMA, List.of(schema)));
        List<String> sessions = new ArrayList<>();
        setSession.forEach((name, value) -> sessions.add(name + "=" + encode(value)));
        put(headers, TrinoHeaders.SET_SESSION, sessions);
        put(headers, TrinoHeaders.CLEAR_SESSION, List.copyOf(clearSession));
        List<String> added = new ArrayList<>();
        addedPrepare.forEach((name, statement) -> added.add(encode(name) + "=" + encode(statement)));
        put(headers, TrinoHeaders.ADDED_PREPARE, added);
        put(headers, TrinoHeaders.DEALLOCATED_PREPARE, deallocatedPrepare.stream().map(SessionChanges::encode).toList());
        return headers;
    }

    private static void put(Map<String, List<String>> headers, String name, List<String> values) {
        if (!values.isEmpty()) {
            headers.put(name, values);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
