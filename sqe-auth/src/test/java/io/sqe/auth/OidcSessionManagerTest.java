package io.sqe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.IssuedSession;
import io.sqe.core.session.LoginThrottle;
import io.sqe.core.session.Session;
import io.sqe.core.session.SessionLimits;
import io.sqe.core.session.SessionManager;
import io.sqe.core.session.SessionRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session manager of sqe-core driven by the OIDC authenticator against a real (mock) provider. */
final class OidcSessionManagerTest {
    private static final SessionRequest REQUEST = new SessionRequest("127.0.0.1", "flight-sql", "iceberg",
            Optional.empty());

    private MockOAuth2Server server;
    private OidcAuthenticator authenticator;
    private SessionManager sessions;

    @BeforeEach
    void start() {
        server = MockProviders.start();
        authenticator = OidcAuthenticator.create(OidcAuthenticatorTest.config(MockProviders.issuer(server)));
        Clock clock = Clock.systemUTC();
        sessions = new SessionManager(authenticator, SessionLimits.defaults(),
                new LoginThrottle(5, Duration.ofMinutes(5), clock), Duration.ofMinutes(1), clock);
    }

    @AfterEach
    void stop() {
        authenticator.close();
        server.shutdown();
    }

    @Test
    void theSameJwtTwiceGivesTheSameSession() {
        String jwt = MockProviders.token(server, "alice", List.of("analyst"), List.of("/finance"));

        Session first = sessions.bearer(jwt, REQUEST).session();
        Session second = sessions.bearer(jwt, REQUEST).session();

        assertThat(second).isSameAs(first);
        assertThat(first.user().name()).isEqualTo("alice");
        assertThat(first.user().groups()).containsExactly("finance");
        assertThat(first.delegatedToken().orElseThrow().accessToken().value()).isEqualTo(jwt);
        assertThat(sessions.openSessions()).isEqualTo(1);
    }

    @Test
    void twoJwtsOfOneUserGiveTwoSessions() {
        String first = MockProviders.token(server, "alice", List.of("analyst"), List.of());
        String second = MockProviders.token(server, "alice", List.of("analyst"), List.of());
        assertThat(second).isNotEqualTo(first);

        Session one = sessions.bearer(first, REQUEST).session();
        Session two = sessions.bearer(second, REQUEST).session();

        assertThat(two).isNotSameAs(one);
        assertThat(two.sessionId()).isNotEqualTo(one.sessionId());
        assertThat(one.user()).isEqualTo(two.user());
        assertThat(sessions.openSessions()).isEqualTo(2);
    }

    @Test
    void aPasswordLoginOpensASessionWithTheUsersToken() {
        server.enqueueCallback(MockProviders.callback(MockProviders.ISSUER_ID, "alice", List.of("sqe"),
                MockProviders.claims("alice", List.of("analyst"), List.of()), 300));

        IssuedSession issued = sessions.login("alice", "any password", REQUEST);

        assertThat(issued.session().user().roles()).containsExactly("analyst");
        assertThat(issued.session().delegatedToken()).containsInstanceOf(RefreshingToken.class);
        assertThat(sessions.session(issued.token())).isSameAs(issued.session());
        assertThat(issued.token()).doesNotContain(".");
    }

    @Test
    void basicCredentialsOnEveryRequestLogInOnce() {
        server.enqueueCallback(MockProviders.callback(MockProviders.ISSUER_ID, "alice", List.of("sqe"),
                MockProviders.claims("alice", List.of("analyst"), List.of()), 300));

        IssuedSession first = sessions.basic("alice", "any password", REQUEST);
        IssuedSession second = sessions.basic("alice", "any password", REQUEST);

        assertThat(second.session()).isSameAs(first.session());
        assertThat(first.session().user().roles()).containsExactly("analyst");
        assertThat(first.token()).doesNotContain("any password");
    }

    @Test
    void anInvalidJwtOpensNoSession() {
        String jwt = MockProviders.token(server, "alice", List.of("analyst"), List.of());
        String tampered = jwt.substring(0, jwt.length() - 4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");

        assertThatThrownBy(() -> sessions.bearer(tampered, REQUEST))
                .isInstanceOf(SqeException.class)
                .hasMessage("the token signature is invalid; log in again to get a new token")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(sessions.openSessions()).isZero();
    }
}
