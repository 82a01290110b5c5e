package io.sqe.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.config.Secret;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Bearer JWT sessions, cached Basic logins, token refresh and login throttling, with an in-test authenticator. */
class SessionManagerAuthenticationTest {
    private static final SessionRequest REQUEST =
            new SessionRequest("10.0.0.7", "trino", "iceberg", Optional.empty());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final TestAuthenticator authenticator = new TestAuthenticator();
    private final SessionManager sessions = new SessionManager(authenticator,
            new SessionLimits(Duration.ofHours(1), Duration.ofHours(24), 100),
            new LoginThrottle(3, Duration.ofMinutes(5), clock), Duration.ofSeconds(60), clock);

    @Test
    void oneJwtMapsToOneCachedSessionAndTwoJwtsOfOneUserToTwo() {
        IssuedSession first = sessions.bearer("jwt-alice-1", REQUEST);
        IssuedSession again = sessions.bearer("jwt-alice-1", REQUEST);
        IssuedSession other = sessions.bearer("jwt-alice-2", REQUEST);

        assertThat(again.session()).isSameAs(first.session());
        assertThat(other.session()).isNotSameAs(first.session());
        assertThat(first.session().user().name()).isEqualTo("alice");
        assertThat(authenticator.bearerCalls).hasValue(2);
        assertThat(first.token()).doesNotContain("jwt-alice-1");
        assertThat(sessions.session(first.token())).isSameAs(first.session());
    }

    @Test
    void theInternalKeyOfAJwtSessionIsNotAUsableBearerToken() {
        IssuedSession jwtSession = sessions.bearer("jwt-alice-1", REQUEST);

        assertThat(sessions.resume(jwtSession.token())).isEmpty();
        assertThatThrownBy(() -> sessions.bearer(jwtSession.token(), REQUEST))
                .isInstanceOf(SqeException.class)
                .hasMessage("invalid token")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void aJwtSessionEndsWhenTheJwtExpires() {
        IssuedSession session = sessions.bearer("jwt-alice-1", REQUEST);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        assertThat(sessions.find(session.token())).isEmpty();
    }

    @Test
    void basicCredentialsLogInOnceAndThenReuseTheSession() {
        IssuedSession first = sessions.basic("alice", "right", REQUEST);
        IssuedSession second = sessions.basic("alice", "right", REQUEST);

        assertThat(second.session()).isSameAs(first.session());
        assertThat(authenticator.passwordCalls).hasValue(1);
        assertThatThrownBy(() -> sessions.basic("alice", "wrong", REQUEST))
                .isInstanceOf(SqeException.class)
                .hasMessage("wrong user name or password")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void maintenanceRefreshesTokensAndEndsSessionsWhoseRefreshFails() {
        IssuedSession refreshable = sessions.login("alice", "right", REQUEST);
        IssuedSession doomed = sessions.login("bob", "right", REQUEST);
        TestToken aliceToken = (TestToken) refreshable.session().delegatedToken().orElseThrow();
        TestToken bobToken = (TestToken) doomed.session().delegatedToken().orElseThrow();
        bobToken.refreshWorks = false;

        clock.advance(Duration.ofMinutes(9).plusSeconds(30));
        sessions.maintain();

        assertThat(aliceToken.refreshes).isEqualTo(1);
        assertThat(sessions.find(refreshable.token())).isPresent();
        assertThat(sessions.find(doomed.token())).isEmpty();
        assertThatThrownBy(() -> sessions.session(doomed.token()))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("log in again");
    }

    @Test
    void failedLoginsAreThrottledPerUserAndPerAddress() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> sessions.login("alice", "wrong", REQUEST))
                    .hasMessage("wrong user name or password");
        }
        assertThatThrownBy(() -> sessions.login("alice", "right", REQUEST))
                .isInstanceOf(SqeException.class)
                .hasMessage("too many failed logins; wait 300 seconds before trying again")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        // The same address is blocked for another user too; another address is not.
        assertThatThrownBy(() -> sessions.login("bob", "right", REQUEST))
                .hasMessageStartingWith("too many failed logins");
        SessionRequest elsewhere = new SessionRequest("10.0.0.8", "trino", "iceberg", Optional.empty());
        assertThat(sessions.login("bob", "right", elsewhere).session().user().name()).isEqualTo("bob");
        assertThat(authenticator.passwordCalls).hasValue(4);

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(sessions.login("alice", "right", REQUEST).session().user().name()).isEqualTo("alice");
    }

    @Test
    void anUnknownAddressIsNotThrottledAsOneAddress() {
        SessionRequest unknown = new SessionRequest("unknown", "flight-sql", "iceberg", Optional.empty());
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> sessions.login("mallory", "wrong", unknown))
                    .hasMessage("wrong user name or password");
        }
        assertThat(sessions.login("alice", "right", unknown).session().user().name()).isEqualTo("alice");
    }

    /** Users alice and bob with password "right"; tokens "jwt-<user>-<n>" valid for ten minutes. */
    private final class TestAuthenticator implements Authenticator {
        final AtomicInteger passwordCalls = new AtomicInteger();
        final AtomicInteger bearerCalls = new AtomicInteger();

        @Override
        public Login authenticate(String user, String password) {
            passwordCalls.incrementAndGet();
            if (!Map.of("alice", "right", "bob", "right").getOrDefault(user, "").equals(password)) {
                throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "wrong user name or password");
            }
            return new Login(new SessionUser(user, Set.of("analyst")), Optional.of(new TestToken(clock.instant())));
        }

        @Override
        public Login authenticateBearer(String token) {
            bearerCalls.incrementAndGet();
            if (!token.startsWith("jwt-")) {
                throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "invalid token");
            }
            return new Login(SessionUser.of(token.split("-")[1]), Optional.of(new TestToken(clock.instant())));
        }

        @Override
        public SessionUser anonymous() {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "authentication required");
        }

        @Override
        public boolean required() {
            return true;
        }
    }

    private static final class TestToken implements DelegatedToken {
        private Instant expiresAt;
        boolean refreshWorks = true;
        int refreshes;

        TestToken(Instant issuedAt) {
            this.expiresAt = issuedAt.plus(Duration.ofMinutes(10));
        }

        @Override
        public Secret accessToken() {
            return new Secret("access-" + refreshes);
        }

        @Override
        public Instant expiresAt() {
            return expiresAt;
        }

        @Override
        public boolean refreshIfDue(Instant now, Duration buffer) {
            if (now.isBefore(expiresAt.minus(buffer))) {
                return true;
            }
            if (!refreshWorks) {
                return false;
            }
            refreshes++;
            expiresAt = now.plus(Duration.ofMinutes(10));
            return true;
        }
    }
}
