package io.sqe.core.session;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a protocol knows about a new session before it exists.
 *
 * @param clientAddress the peer address, or {@code "unknown"} where the protocol does not expose it
 * @param protocol the client protocol, e.g. {@code "flight-sql"}
 * @param catalog the initial catalog for unqualified names
 * @param schema the initial schema, if any
 */
public record SessionRequest(String clientAddress, String protocol, String catalog, Optional<String> schema) {
    public SessionRequest {
        requireNonNull(clientAddress, "clientAddress is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
    }
}
