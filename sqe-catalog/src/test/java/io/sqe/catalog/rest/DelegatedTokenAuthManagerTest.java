package io.sqe.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.net.URI;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.catalog.SessionCatalog.SessionContext;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.HTTPHeaders;
import org.apache.iceberg.rest.HTTPRequest;
import org.apache.iceberg.rest.ImmutableHTTPRequest;
import org.apache.iceberg.rest.auth.AuthSession;
import org.junit.jupiter.api.Test;

final class DelegatedTokenAuthManagerTest {
    private final DelegatedTokenAuthManager manager = new DelegatedTokenAuthManager("iceberg");

    @Test
    void eachContextCallsWithItsOwnTokenOnly() {
        AuthSession alice = manager.contextualSession(context("fp-a", "alice", "token-a"), AuthSession.EMPTY);
        AuthSession bob = manager.contextualSession(context("fp-b", "bob", "token-b"), AuthSession.EMPTY);
        // The same session id with a new token: nothing cached, the new token is used.
        AuthSession aliceRefreshed =
                manager.contextualSession(context("fp-a", "alice", "token-a2"), AuthSession.EMPTY);

        assertThat(authorization(alice)).hasValue("Bearer token-a");
        assertThat(authorization(bob)).hasValue("Bearer token-b");
        assertThat(authorization(aliceRefreshed)).hasValue("Bearer token-a2");
        assertThat(alice.toString()).doesNotContain("token-a");
    }

    @Test
    void aContextWithoutATokenIsRefusedBeforeAnythingIsSent() {
        AuthSession session = manager.contextualSession(
                new SessionContext("id", "alice", null, Collections.emptyMap()), AuthSession.EMPTY);

        assertThatThrownBy(() -> authorization(session))
                .isInstanceOf(SqeException.class)
                .hasMessage("the REST catalog needs an authenticated user; configure [auth]")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        // The catalog-wide session (configuration only) never carries a credential, not even one in the properties.
        assertThat(authorization(manager.catalogSession(null, Map.of("token", "service")))).isEmpty();
    }

    @Test
    void aTokenInATablesConfigDoesNotReplaceTheUsersToken() {
        AuthSession alice = manager.contextualSession(context("fp-a", "alice", "token-a"), AuthSession.EMPTY);

        AuthSession table = manager.tableSession(TableIdentifier.of("s", "t"), Map.of("token", "other"), alice);

        assertThat(authorization(table)).hasValue("Bearer token-a");
    }

    private static SessionContext context(String sessionId, String user, String token) {
        return new SessionContext(sessionId, user, Map.of(DelegatedTokenAuthManager.TOKEN, token),
                Collections.emptyMap());
    }

    private static Optional<String> authorization(AuthSession session) {
        HTTPRequest request = ImmutableHTTPRequest.builder()
                .baseUri(URI.create("http://127.0.0.1:1"))
                .method(HTTPRequest.HTTPMethod.GET)
                .path("v1/config")
                .headers(HTTPHeaders.EMPTY)
                .build();
        return session.authenticate(request).headers().firstEntry("Authorization").map(HTTPHeaders.HTTPHeader::value);
    }
}
