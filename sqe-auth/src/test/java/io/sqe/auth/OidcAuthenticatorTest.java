package io.sqe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.config.AuthConfig;
import io.sqe.core.config.Secret;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.DelegatedToken;
import io.sqe.core.session.Login;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class OidcAuthenticatorTest {
    private static MockOAuth2Server server;
    private static OidcAuthenticator authenticator;

    @BeforeAll
    static void start() {
        server = MockProviders.start();
        authenticator = OidcAuthenticator.create(config(MockProviders.issuer(server)));
    }

    @AfterAll
    static void stop() {
        authenticator.close();
        server.shutdown();
    }

    static AuthConfig config(URI issuer) {
        return AuthConfig.none().withOidc(issuer, "sqe", new Secret("client-secret"));
    }

    @Test
    void aPasswordLoginGivesTheUserWithRolesAndGroupsAndARefreshingToken() {
        server.enqueueCallback(MockProviders.callback(MockProviders.ISSUER_ID, "alice", List.of("sqe"),
                MockProviders.claims("alice", List.of("analyst"), List.of("/finance")), 300));

        Login login = authenticator.authenticate("alice", "any password");

        assertThat(login.user().name()).isEqualTo("alice");
        assertThat(login.user().roles()).containsExactly("analyst");
        assertThat(login.user().groups()).containsExactly("finance");
        DelegatedToken token = login.token().orElseThrow();
        assertThat(token).isInstanceOf(RefreshingToken.class);
        assertThat(token.expiresAt()).isBetween(Instant.now().plusSeconds(200), Instant.now().plusSeconds(400));
        assertThat(authenticator.authenticateBearer(token.accessToken().value()).user()).isEqualTo(login.user());
        // mock-oauth2-server issues no refresh token for the password grant: usable until it expires.
        assertThat(((RefreshingToken) token).refreshable()).isFalse();
        assertThat(token.refreshIfDue(Instant.now(), Duration.ofMinutes(10))).isTrue();
        assertThat(token.refreshIfDue(token.expiresAt(), Duration.ofMinutes(10))).isFalse();
    }

    @Test
    void aBearerLoginGivesAnExpiringToken() {
        String jwt = MockProviders.token(server, "bob", List.of("admin"), List.of());

        Login login = authenticator.authenticateBearer(jwt);

        assertThat(login.user().name()).isEqualTo("bob");
        assertThat(login.user().roles()).containsExactly("admin");
        DelegatedToken token = login.token().orElseThrow();
        assertThat(token).isInstanceOf(ExpiringToken.class);
        assertThat(token.accessToken().value()).isEqualTo(jwt);
        assertThat(token.refreshIfDue(Instant.now(), Duration.ofHours(2))).isTrue();
        assertThat(token.refreshIfDue(token.expiresAt(), Duration.ZERO)).isFalse();
    }

    @Test
    void aBearerTokenForAnotherAudienceIsRefused() {
        String jwt = server.issueToken(MockProviders.ISSUER_ID, "other", MockProviders.callback(
                MockProviders.ISSUER_ID, "bob", List.of("other-service"), Map.of("preferred_username", "bob"), 600))
                .serialize();

        assertThatThrownBy(() -> authenticator.authenticateBearer(jwt))
                .isInstanceOf(SqeException.class)
                .hasMessageStartingWith("the token was not issued for this server")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void aProviderThatIssuesTokensWithoutTheAudienceIsAConfigurationProblem() {
        server.enqueueCallback(MockProviders.callback(MockProviders.ISSUER_ID, "alice", List.of(),
                Map.of("preferred_username", "alice"), 300));

        assertThatThrownBy(() -> authenticator.authenticate("alice", "any password"))
                .isInstanceOf(SqeException.class)
                .hasMessageStartingWith("the identity provider accepted the password but issued an access token SQE "
                        + "cannot accept (the token was not issued for this server")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE);
    }

    @Test
    void anonymousCallersAreRefused() {
        assertThat(authenticator.required()).isTrue();
        assertThatThrownBy(authenticator::anonymous)
                .isInstanceOf(SqeException.class)
                .hasMessage("this server requires authentication; log in with a user name and password, or send the "
                        + "identity provider's access token as a bearer token")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void aProviderDownAtStartFailsLoginsUntilItComesUp() throws Exception {
        int port = MockProviders.unusedPort();
        URI issuer = URI.create("http://127.0.0.1:" + port + "/" + MockProviders.ISSUER_ID);
        MutableClock clock = MutableClock.startingNow();
        try (OidcAuthenticator late = OidcAuthenticator.create(config(issuer), clock)) {
            for (var call : List.<Runnable>of(() -> late.authenticate("alice", "pw"),
                    () -> late.authenticateBearer(MockProviders.token(server, "alice", List.of(), List.of())))) {
                assertThatThrownBy(call::run)
                        .isInstanceOf(SqeException.class)
                        .hasMessageStartingWith("cannot reach the identity provider (the discovery document at "
                                + issuer + "/.well-known/openid-configuration)")
                        .extracting(e -> ((SqeException) e).errorCode())
                        .isEqualTo(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE);
            }

            MockOAuth2Server lateServer = new MockOAuth2Server();
            lateServer.start(InetAddress.getByName("127.0.0.1"), port);
            try {
                clock.advance(Duration.ofSeconds(3));
                lateServer.enqueueCallback(MockProviders.callback(MockProviders.ISSUER_ID, "alice", List.of("sqe"),
                        MockProviders.claims("alice", List.of("analyst"), List.of()), 300));

                assertThat(late.authenticate("alice", "pw").user().roles()).containsExactly("analyst");
            } finally {
                lateServer.shutdown();
            }
        }
    }

    @Test
    void createRequiresOidc() {
        assertThatThrownBy(() -> OidcAuthenticator.create(AuthConfig.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("[auth] type must be \"oidc\" with an issuer, not NONE");
    }
}
