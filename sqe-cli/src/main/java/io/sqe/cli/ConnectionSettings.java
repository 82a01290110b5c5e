package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where and how the CLI connects: the server's address, TLS, who logs in, and the catalog and schema that
 * unqualified names start out in.
 */
record ConnectionSettings(String host, int port, TlsSettings tls, Credentials credentials, Optional<String> catalog,
        Optional<String> schema) {
    ConnectionSettings {
        requireNonNull(host, "host is null");
        requireNonNull(tls, "tls is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Plain TCP, the user name alone, the server's default catalog: an embedded or local trial server. */
    static ConnectionSettings plain(String host, int port, String user) {
        return new ConnectionSettings(host, port, TlsSettings.plain(), Credentials.user(user), Optional.empty(),
                Optional.empty());
    }
}
