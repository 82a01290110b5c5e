package io.sqe.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import io.sqe.core.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class RefreshingTokenTest {
    private static final Duration BUFFER = Duration.ofSeconds(60);

    private final RSAKey key = FakeIdentityProvider.rsaKey("key-1");
    private FakeIdentityProvider fake;
    private OidcProvider provider;
    private TokenEndpointClient client;
    private JwtValidator validator;
    private Instant now;

    @BeforeEach
    void start() {
        fake = new FakeIdentityProvider();
        fake.publish(key);
        provider = new OidcProvider(fake.issuer());
        client = new TokenEndpointClient(provider, "sqe", new Secret("client-secret"));
        validator = new JwtValidator(provider, "sqe", "preferred_username", "realm_access.roles",
                Duration.ofSeconds(30), Clock.systemUTC());
        now = Instant.now();
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void aTokenThatIsNotDueIsLeftAlone() {
        RefreshingToken token = login("access-1", Optional.of("refresh-1"), Duration.ofMinutes(5));

        assertThat(token.refreshIfDue(now, BUFFER)).isTrue();
        assertThat(fake.tokenRequests()).isZero();
    }

    @Test
    void aDueTokenIsRefreshedAndTheRotatedRefreshTokenIsUsedNext() {
        RefreshingToken token = login("access-1", Optional.of("refresh-1"), Duration.ofSeconds(30));
        Secret first = token.accessToken();
        String second = accessToken("alice", Duration.ofMinutes(5));
        fake.onToken(request -> FakeIdentityProvider.tokens(second, "refresh-2", 1800));

        assertThat(token.refreshIfDue(now, BUFFER)).isTrue();

        assertThat(token.accessToken().value()).isEqualTo(second).isNotEqualTo(first.value());
        assertThat(token.expiresAt()).isAfter(now.plus(Duration.ofMinutes(4)));
        assertThat(token.refreshExpiresAt()).contains(now.plus(Duration.ofSeconds(1800)));
        assertThat(fake.requests().get(0).form()).containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", "refresh-1");

        assertThat(token.refreshIfDue(now.plus(Duration.ofMinutes(5)), BUFFER)).isTrue();
        assertThat(fake.requests().get(1).form()).containsEntry("refresh_token", "refresh-2");
    }

    @Test
    void aRefusedRefreshTokenEndsTheSession() {
        RefreshingToken token = login("access-1", Optional.of("refresh-1"), Duration.ofSeconds(30));
        fake.onToken(request -> FakeIdentityProvider.error(400, "invalid_grant", "Session not active"));

        assertThat(token.refreshIfDue(now, BUFFER)).isFalse();
    }

    @Test
    void anExpiredRefreshTokenEndsTheSessionWithoutAskingTheProvider() {
        fake.onToken(request -> FakeIdentityProvider.tokens(accessToken("alice", Duration.ofSeconds(30)),
                "refresh-1", 10));
        RefreshingToken token = new RefreshingToken(client.passwordGrant("alice", "password"), now,
                now.plusSeconds(30), "alice", client, validator);

        assertThat(token.refreshIfDue(now.plusSeconds(11), BUFFER)).isFalse();
        assertThat(fake.tokenRequests()).isEqualTo(1);
    }

    @Test
    void anUnavailableProviderKeepsTheSessionUntilTheAccessTokenExpires() {
        RefreshingToken token = login("access-1", Optional.of("refresh-1"), Duration.ofSeconds(30));
        fake.onToken(request -> new FakeIdentityProvider.Answer(503, "{}"));

        assertThat(token.refreshIfDue(now, BUFFER)).isTrue();
        assertThat(token.refreshIfDue(now.plusSeconds(29), BUFFER)).isTrue();
        assertThat(token.refreshIfDue(now.plusSeconds(31), BUFFER)).isFalse();
        assertThat(fake.tokenRequests()).isEqualTo(3);

        fake.close();
        assertThat(token.refreshIfDue(now.plusSeconds(1), BUFFER)).isTrue();
        assertThat(token.refreshIfDue(now.plusSeconds(31), BUFFER)).isFalse();
    }

    @Test
    void withoutARefreshTokenTheSessionLastsAsLongAsTheAccessToken() {
        RefreshingToken token = login("access-1", Optional.empty(), Duration.ofSeconds(30));

        assertThat(token.refreshable()).isFalse();
        assertThat(token.refreshIfDue(now, BUFFER)).isTrue();
        assertThat(token.refreshIfDue(now.plusSeconds(30), BUFFER)).isFalse();
        assertThat(fake.tokenRequests()).isZero();
    }

    @Test
    void aRefreshedTokenForAnotherUserEndsTheSession() {
        RefreshingToken token = login("access-1", Optional.of("refresh-1"), Duration.ofSeconds(30));
        fake.onToken(request -> FakeIdentityProvider.tokens(accessToken("mallory", Duration.ofMinutes(5)),
                "refresh-2", 1800));

        assertThat(token.refreshIfDue(now, BUFFER)).isFalse();
    }

    @Test
    void anInvalidRefreshedTokenEndsTheSession() {
        RefreshingToken token = login("access-1", Optional.of("refresh-1"), Duration.ofSeconds(30));
        String foreign = FakeIdentityProvider.sign(FakeIdentityProvider.rsaKey("key-1"),
                fake.claims("alice").build());
        fake.onToken(request -> FakeIdentityProvider.tokens(foreign, "refresh-2", 1800));

        assertThat(token.refreshIfDue(now, BUFFER)).isFalse();
    }

    @Test
    void toStringShowsNoToken() {
        RefreshingToken token = login("access-secret-value", Optional.of("refresh-secret-value"),
                Duration.ofSeconds(30));

        assertThat(token.toString()).contains("alice").doesNotContain("secret-value");
        assertThat(new ExpiringToken(new Secret("bearer-secret-value"), now).toString())
                .doesNotContain("secret-value");
    }

    private RefreshingToken login(String access, Optional<String> refresh, Duration lifetime) {
        TokenResponse response = new TokenResponse(new Secret(access), refresh.map(Secret::new),
                refresh.map(ignored -> Duration.ofMinutes(30)));
        return new RefreshingToken(response, now, now.plus(lifetime), "alice", client, validator);
    }

    private String accessToken(String user, Duration lifetime) {
        return FakeIdentityProvider.sign(key, fake.claims(user)
                .expirationTime(Date.from(now.plus(lifetime))).build());
    }
}
