package io.sqe.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/** Shared set-up for tests against mock-oauth2-server, started in-process on 127.0.0.1. */
final class MockProviders {
    static final String ISSUER_ID = "sqe-realm";

    private MockProviders() {}

    static MockOAuth2Server start() {
        MockOAuth2Server server = new MockOAuth2Server();
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return server;
    }

    static URI issuer(MockOAuth2Server server) {
        return URI.create(server.issuerUrl(ISSUER_ID).toString());
    }

    /** Claims SQE reads: user name, realm roles, groups (as Keycloak writes full paths). */
    static Map<String, Object> claims(String user, List<String> roles, List<String> groups) {
        return Map.of("preferred_username", user, "realm_access", Map.of("roles", roles), "groups", groups);
    }

    /** A token callback for {@link MockOAuth2Server#issueToken} or {@link MockOAuth2Server#enqueueCallback}. */
    static DefaultOAuth2TokenCallback callback(String issuerId, String user, List<String> audience,
            Map<String, Object> claims, long expirySeconds) {
        return new DefaultOAuth2TokenCallback(issuerId, "subject-" + user, "JWT", audience, claims, expirySeconds);
    }

    /** A signed access token for {@code user} with audience sqe, from the mock's {@link #ISSUER_ID} issuer. */
    static String token(MockOAuth2Server server, String user, List<String> roles, List<String> groups) {
        return server.issueToken(ISSUER_ID, "sqe", callback(ISSUER_ID, user, List.of("sqe"),
                claims(user, roles, groups), 3600)).serialize();
    }

    /** A loopback port nothing listens on (a provider that is down). */
    static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
