package io.sqe.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.ErrorType;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionManagerTest {
    private static final SessionRequest REQUEST =
            new SessionRequest("127.0.0.1", "flight-sql", "iceberg", Optional.empty());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void loginRecordsTheUserAndTheTokenResolvesToTheSession() {
        SessionManager sessions = manager(new SessionLimits(Duration.ofHours(1), Duration.ofHours(24), 10));

        IssuedSession issued = sessions.login("alice", "any password", REQUEST);

        assertThat(issued.session().user().name()).isEqualTo("alice");
        assertThat(issued.session().catalog()).isEqualTo("iceberg");
        assertThat(issued.session().protocol()).isEqualTo("flight-sql");
        assertThat(sessions.session(issued.token())).isSameAs(issued.session());
    }

    @Test
    void anonymousLoginGetsTheAnonymousUser() {
        SessionManager sessions = manager(SessionLimits.defaults());

        assertThat(sessions.loginAnonymous(REQUEST).session().user().name()).isEqualTo("anonymous");
    }

    @Test
    void tokensAreRandom32ByteBase64UrlAndSayNothingAboutTheUser() {
        SessionManager sessions = manager(SessionLimits.defaults());
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String token = sessions.login("alice", "secret", REQUEST).token();
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
            assertThat(token).doesNotContainIgnoringCase("alice").doesNotContain("secret");
            tokens.add(token);
        }
        assertThat(tokens).hasSize(50);
    }

    @Test
    void unknownTokenIsAuthenticationFailed() {
        SessionManager sessions = manager(SessionLimits.defaults());

        assertThatThrownBy(() -> sessions.session("not-a-token"))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED))
                .hasMessageContaining("log in again");
        assertThat(sessions.find("")).isEmpty();
    }

    @Test
    void idleSessionExpiresButUseKeepsItAlive() {
        SessionManager sessions = manager(new SessionLimits(Duration.ofMinutes(10), Duration.ofHours(24), 10));
        String token = sessions.login("alice", "", REQUEST).token();

        clock.advance(Duration.ofMinutes(9));
        assertThat(sessions.find(token)).isPresent();
        clock.advance(Duration.ofMinutes(9));
        assertThat(sessions.find(token)).as("used 9 minutes ago").isPresent();
        clock.advance(Duration.ofMinutes(10));

        assertThatThrownBy(() -> sessions.session(token))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED));
        assertThat(sessions.openSessions()).isZero();
    }

    @Test
    void busySessionExpiresAtTheAbsoluteLimit() {
        SessionManager sessions = manager(new SessionLimits(Duration.ofMinutes(10), Duration.ofMinutes(30), 10));
        String token = sessions.login("alice", "", REQUEST).token();

        for (int minute = 5; minute < 30; minute += 5) {
            clock.advance(Duration.ofMinutes(5));
            assertThat(sessions.find(token)).as("minute %s", minute).isPresent();
        }
        clock.advance(Duration.ofMinutes(5));

        assertThat(sessions.find(token)).isEmpty();
    }

    @Test
    void sessionLimitIsInsufficientResourcesUntilSessionsExpireOrClose() {
        SessionManager sessions = manager(new SessionLimits(Duration.ofMinutes(10), Duration.ofHours(1), 2));
        String first = sessions.login("a", "", REQUEST).token();
        sessions.login("b", "", REQUEST);

        assertThatThrownBy(() -> sessions.login("c", "", REQUEST))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode().type()).isEqualTo(ErrorType.INSUFFICIENT_RESOURCES))
                .hasMessageContaining("limit of 2 open sessions");

        sessions.close(first);
        Session third = sessions.login("c", "", REQUEST).session();
        assertThat(third.user().name()).isEqualTo("c");

        clock.advance(Duration.ofMinutes(10));
        sessions.login("d", "", REQUEST);
        sessions.login("e", "", REQUEST);
        assertThat(sessions.openSessions()).isEqualTo(2);
    }

    @Test
    void blankUserNameIsRejected() {
        SessionManager sessions = manager(SessionLimits.defaults());

        assertThatThrownBy(() -> sessions.login(" ", "x", REQUEST))
                .isInstanceOfSatisfying(SqeException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED))
                .hasMessageContaining("user name is required");
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> new SessionLimits(Duration.ZERO, Duration.ofHours(1), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idleTimeout must be positive");
        assertThatThrownBy(() -> new SessionLimits(Duration.ofHours(1), Duration.ofHours(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSessions must be at least 1");
    }

    private SessionManager manager(SessionLimits limits) {
        return new SessionManager(new AllowAllAuthenticator(), limits, clock);
    }
}
