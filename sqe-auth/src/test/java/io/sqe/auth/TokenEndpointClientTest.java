package io.sqe.auth;

import static io.sqe.auth.FakeIdentityProvider.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.auth.FakeIdentityProvider.Answer;
import io.sqe.auth.FakeIdentityProvider.TokenRequest;
import io.sqe.core.config.Secret;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class TokenEndpointClientTest {
    private static final String PASSWORD = "s3cret-Passw0rd!";

    private FakeIdentityProvider fake;
    private OidcProvider provider;

    @BeforeEach
    void start() {
        fake = new FakeIdentityProvider();
        provider = new OidcProvider(fake.issuer());
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void passwordGrantAgainstMockOAuth2Server() {
        MockOAuth2Server server = MockProviders.start();
        try (OidcProvider mockProvider = new OidcProvider(MockProviders.issuer(server))) {
            TokenEndpointClient client = new TokenEndpointClient(mockProvider, "sqe", new Secret("client-secret"));

            TokenResponse response = client.passwordGrant("alice", PASSWORD);

            assertThat(response.accessToken().value()).contains(".");
            assertThat(response.refreshToken()).isEmpty(); // the mock issues none for the password grant
            assertThat(response.toString()).doesNotContain(response.accessToken().value());
        } finally {
            server.shutdown();
        }
    }

    @Test
    void aConfidentialClientUsesBasicAuthenticationAndScopeOpenid() {
        fake.onToken(request -> FakeIdentityProvider.tokens("access.jwt.value", "refresh-1", 1800));
        TokenEndpointClient client = new TokenEndpointClient(provider, "sqe client", new Secret("p&ss:word"));

        TokenResponse response = client.passwordGrant("alice", PASSWORD);

        assertThat(response.accessToken().value()).isEqualTo("access.jwt.value");
        assertThat(response.refreshToken()).contains(new Secret("refresh-1"));
        assertThat(response.refreshExpiresIn()).contains(Duration.ofSeconds(1800));
        TokenRequest request = fake.requests().get(0);
        assertThat(request.form()).containsEntry("grant_type", "password").containsEntry("username", "alice")
                .containsEntry("password", PASSWORD).containsEntry("scope", "openid").doesNotContainKey("client_id");
        assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                "sqe+client:p%26ss%3Aword".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPublicClientSendsItsIdInTheForm() {
        fake.onToken(request -> FakeIdentityProvider.tokens("access.jwt.value", null, 0));
        TokenEndpointClient client = new TokenEndpointClient(provider, "sqe-cli", new Secret(""));

        client.passwordGrant("alice", PASSWORD);

        TokenRequest request = fake.requests().get(0);
        assertThat(request.form()).containsEntry("client_id", "sqe-cli");
        assertThat(request.authorization()).isNull();
    }

    @Test
    void theRefreshGrantSendsTheRefreshToken() {
        fake.onToken(request -> FakeIdentityProvider.tokens("access.jwt.2", "refresh-2", 0));
        TokenEndpointClient client = new TokenEndpointClient(provider, "sqe", new Secret("client-secret"));

        TokenResponse response = client.refreshGrant(new Secret("refresh-1"));

        assertThat(response.accessToken().value()).isEqualTo("access.jwt.2");
        assertThat(response.refreshExpiresIn()).isEmpty(); // Keycloak's 0: no fixed expiry
        assertThat(fake.requests().get(0).form()).containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", "refresh-1");
    }

    @Test
    void invalidGrantIsAuthenticationFailedWithoutSayingWhich() {
        TokenEndpointClient client = new TokenEndpointClient(provider, "sqe", new Secret("client-secret"));
        for (Answer answer : List.of(error(401, "invalid_grant", "Invalid user credentials"),
                error(400, "invalid_grant", "Account disabled"))) {
            fake.onToken(request -> answer);

            assertThatThrownBy(() -> client.passwordGrant("alice", PASSWORD))
                    .isInstanceOf(SqeException.class)
                    .hasMessage("wrong user name or password, or the account is disabled")
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        }
    }

    @Test
    void anExpiredRefreshTokenIsAuthenticationFailed() {
        fake.onToken(request -> error(400, "invalid_grant", "Token is not active"));
        TokenEndpointClient client = new TokenEndpointClient(provider, "sqe", new Secret("client-secret"));

        assertThatThrownBy(() -> client.refreshGrant(new Secret("refresh-1")))
                .isInstanceOf(SqeException.class)
                .hasMessage("the identity provider no longer accepts this session's refresh token (it expired or "
                        + "was revoked); log in again")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void emptyCredentialsAreRefusedWithoutAskingTheProvider() {
        TokenEndpointClient client = new TokenEndpointClient(provider, "sqe", new Secret("client-secret"));

        assertThatThrownBy(() -> client.passwordGrant("alice", ""))
                .isInstanceOf(SqeException.class)
                .hasMessage("a user name and a password are required")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(fake.tokenRequests()).isZero();
    }

    @Test
    void providerProblemsAreIdentityProviderUnavailable() {
        TokenEndpointClient client = new TokenEndpointClient(provider, "sqe", new Secret("client-secret"));
        String endpoint = fake.tokenEndpointUri().toString();

        assertUnavailable(client, new Answer(503, "<html>down</html>"),
                "the identity provider's token endpoint " + endpoint + " answered HTTP 503; try again later");
        assertUnavailable(client, new Answer(200, "<html>login</html>"),
                "the identity provider's token endpoint " + endpoint + " answered something that is not JSON");
        assertUnavailable(client, new Answer(200, "{\"token_type\":\"Bearer\"}"),
                "the identity provider's token endpoint " + endpoint + " answered without an access token");
        assertUnavailable(client, error(401, "invalid_client", "Invalid client credentials"),
                "the identity provider rejected SQE's own client credentials (invalid_client); the administrator "
                        + "must check [auth] client_id ('sqe') and client_secret");
        assertUnavailable(client, error(401, "unauthorized_client", "Invalid client or Invalid client credentials"),
                "the identity provider rejected SQE's own client credentials (unauthorized_client)");
        assertUnavailable(client, error(400, "unauthorized_client", "Client not allowed for direct access grants"),
                "the identity provider does not let client 'sqe' use the password grant (unauthorized_client); the "
                        + "administrator must allow it (in Keycloak: enable Direct Access Grants for the client)");
        assertUnavailable(client, error(400, "invalid_scope", "Invalid scopes: openid"),
                "the identity provider refused the password grant (invalid_scope: Invalid scopes: openid); ask the "
                        + "administrator to check the [auth] settings");
        assertUnavailable(client, new Answer(403, ""),
                "the identity provider refused the password grant (HTTP 403)");
    }

    @Test
    void anUnreachableTokenEndpointIsIdentityProviderUnavailable() {
        provider.endpoints();
        fake.close();
        TokenEndpointClient client = new TokenEndpointClient(provider, "sqe", new Secret("client-secret"));

        assertThatThrownBy(() -> client.passwordGrant("alice", PASSWORD))
                .isInstanceOf(SqeException.class)
                .hasMessageStartingWith("cannot reach the identity provider (the password grant at the token endpoint "
                        + "at " + fake.tokenEndpointUri() + ")")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD))
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE);
    }

    private void assertUnavailable(TokenEndpointClient client, Answer answer, String messageStart) {
        fake.onToken(request -> answer);
        assertThatThrownBy(() -> client.passwordGrant("alice", PASSWORD))
                .isInstanceOf(SqeException.class)
                .hasMessageStartingWith(messageStart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain("client-secret"))
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE);
    }
}
