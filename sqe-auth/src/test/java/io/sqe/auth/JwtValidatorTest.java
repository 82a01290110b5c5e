package io.sqe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class JwtValidatorTest {
    private static MockOAuth2Server server;
    private static OidcProvider provider;

    @BeforeAll
    static void startServer() {
        server = MockProviders.start();
        provider = new OidcProvider(MockProviders.issuer(server));
    }

    @AfterAll
    static void stopServer() {
        provider.close();
        server.shutdown();
    }

    private static JwtValidator validator(Clock clock) {
        return new JwtValidator(provider, "sqe", "preferred_username", "realm_access.roles", Duration.ofSeconds(30),
                clock);
    }

    @Test
    void acceptsAValidTokenAndReadsUserRolesAndGroups() {
        String token = MockProviders.token(server, "alice", List.of("analyst", "admin"),
                List.of("/finance", "/eu/sales"));

        ValidatedToken validated = validator(Clock.systemUTC()).validate(token);

        assertThat(validated.user().name()).isEqualTo("alice");
        assertThat(validated.user().roles()).containsExactlyInAnyOrder("analyst", "admin");
        assertThat(validated.user().groups()).containsExactlyInAnyOrder("finance", "eu/sales");
        assertThat(validated.expiresAt()).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
    }

    @Test
    void acceptsAnAudienceArrayContainingSqe() {
        String token = server.issueToken(MockProviders.ISSUER_ID, "sqe", MockProviders.callback(MockProviders.ISSUER_ID,
                "bob", List.of("account", "sqe"), Map.of("preferred_username", "bob"), 600)).serialize();

        ValidatedToken validated = validator(Clock.systemUTC()).validate(token);

        assertThat(validated.user().name()).isEqualTo("bob");
        assertThat(validated.user().roles()).isEmpty();
        assertThat(validated.user().groups()).isEmpty();
    }

    @Test
    void aMissingRolesPathMeansNoRoles() {
        String token = MockProviders.token(server, "alice", List.of("analyst"), List.of());
        JwtValidator validator = new JwtValidator(provider, "sqe", "preferred_username", "resource_access.sqe.roles",
                Duration.ofSeconds(30), Clock.systemUTC());

        assertThat(validator.validate(token).user().roles()).isEmpty();
    }

    @Test
    void rejectsATokenForAnotherAudience() {
        String token = server.issueToken(MockProviders.ISSUER_ID, "other", MockProviders.callback(
                MockProviders.ISSUER_ID, "alice", List.of("account"), Map.of("preferred_username", "alice"), 600))
                .serialize();

        assertAuthenticationFailed(() -> validator(Clock.systemUTC()).validate(token),
                "the token was not issued for this server: its audience (aud) does not include 'sqe'");
    }

    @Test
    void rejectsATokenWithoutAudienceEvenWhenAzpIsSqe() {
        String token = server.issueToken(MockProviders.ISSUER_ID, "sqe", MockProviders.callback(
                MockProviders.ISSUER_ID, "alice", List.of(), Map.of("preferred_username", "alice", "azp", "sqe"), 600))
                .serialize();

        assertAuthenticationFailed(() -> validator(Clock.systemUTC()).validate(token),
                "the token was not issued for this server");
    }

    @Test
    void rejectsATokenFromAnotherIssuer() {
        String token = server.issueToken("another-realm", "sqe", MockProviders.callback("another-realm", "alice",
                List.of("sqe"), Map.of("preferred_username", "alice"), 600)).serialize();

        assertAuthenticationFailed(() -> validator(Clock.systemUTC()).validate(token),
                "the token was issued by another identity provider; log in again to get a token from "
                        + MockProviders.issuer(server));
    }

    @Test
    void rejectsAnExpiredToken() {
        String token = MockProviders.token(server, "alice", List.of("analyst"), List.of());
        Clock twoHoursLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));

        assertAuthenticationFailed(() -> validator(twoHoursLater).validate(token),
                "the token has expired; log in again");
    }

    @Test
    void toleratesThirtySecondsOfClockSkewOnExpiry() {
        String token = server.issueToken(MockProviders.ISSUER_ID, "sqe", MockProviders.callback(
                MockProviders.ISSUER_ID, "alice", List.of("sqe"), Map.of("preferred_username", "alice"), 60))
                .serialize();

        assertThat(validator(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(75))).validate(token).user().name())
                .isEqualTo("alice");
        assertAuthenticationFailed(() -> validator(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(95)))
                .validate(token), "the token has expired");
    }

    @Test
    void rejectsATokenNotValidYet() {
        String token = MockProviders.token(server, "alice", List.of("analyst"), List.of());
        Clock anHourEarlier = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));

        assertAuthenticationFailed(() -> validator(anHourEarlier).validate(token),
                "the token is not valid yet (nbf); check that the clocks of SQE and the identity provider agree");
    }

    @Test
    void rejectsATamperedSignature() {
        String token = MockProviders.token(server, "alice", List.of("analyst"), List.of());
        int signatureStart = token.lastIndexOf('.') + 1;
        char flipped = token.charAt(signatureStart + 10) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, signatureStart + 10) + flipped + token.substring(signatureStart + 11);

        assertAuthenticationFailed(() -> validator(Clock.systemUTC()).validate(tampered),
                "the token signature is invalid; log in again to get a new token");
    }

    @Test
    void rejectsTamperedClaims() throws Exception {
        String token = MockProviders.token(server, "alice", List.of("analyst"), List.of());
        SignedJWT original = SignedJWT.parse(token);
        JWTClaimsSet elevated = new JWTClaimsSet.Builder(original.getJWTClaimsSet())
                .claim("realm_access", Map.of("roles", List.of("admin"))).build();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + elevated.toPayload().toBase64URL() + "." + parts[2];

        assertAuthenticationFailed(() -> validator(Clock.systemUTC()).validate(forged),
                "the token signature is invalid");
    }

    @Test
    void rejectsATokenSignedByAnotherKeyWithThePublishedKeyId() throws Exception {
        String token = MockProviders.token(server, "alice", List.of("analyst"), List.of());
        String publishedKeyId = SignedJWT.parse(token).getHeader().getKeyID();
        RSAKey attackerKey = FakeIdentityProvider.rsaKey(publishedKeyId);
        String forged = FakeIdentityProvider.sign(attackerKey, SignedJWT.parse(token).getJWTClaimsSet());

        assertAuthenticationFailed(() -> validator(Clock.systemUTC()).validate(forged),
                "the token signature is invalid; log in again to get a new token");
    }

    @Test
    void rejectsATokenSignedByAnUnpublishedKey() throws Exception {
        String token = MockProviders.token(server, "alice", List.of("analyst"), List.of());
        String forged = FakeIdentityProvider.sign(FakeIdentityProvider.rsaKey("attacker"),
                SignedJWT.parse(token).getJWTClaimsSet());

        assertAuthenticationFailed(() -> validator(Clock.systemUTC()).validate(forged),
                "the token was signed with a key the identity provider does not publish; log in again");
    }

    @Test
    void rejectsUnsignedAndHmacTokensAndGarbage() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(MockProviders.token(server, "alice", List.of(), List.of()))
                .getJWTClaimsSet();
        String unsigned = new PlainJWT(claims).serialize();
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        hmac.sign(new MACSigner(new byte[32]));
        JwtValidator validator = validator(Clock.systemUTC());

        assertAuthenticationFailed(() -> validator.validate(unsigned), "the bearer token is not a signed JWT");
        assertAuthenticationFailed(() -> validator.validate(hmac.serialize()),
                "the token is signed with HS256, which SQE does not accept");
        assertAuthenticationFailed(() -> validator.validate("not-a-jwt"), "the bearer token is not a signed JWT");
        assertAuthenticationFailed(() -> validator.validate(" "), "no token was sent; log in again");
    }

    @Test
    void rejectsATokenWithoutTheUserClaim() {
        String token = server.issueToken(MockProviders.ISSUER_ID, "sqe", MockProviders.callback(
                MockProviders.ISSUER_ID, "alice", List.of("sqe"), Map.of("email", "alice@example.com"), 600))
                .serialize();

        assertAuthenticationFailed(() -> validator(Clock.systemUTC()).validate(token),
                "the token does not name the user in claim 'preferred_username'; the administrator must set "
                        + "[auth] user_claim");
    }

    @Test
    void messagesNeverContainTheToken() {
        String token = MockProviders.token(server, "alice", List.of("analyst"), List.of());
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));

        assertThatThrownBy(() -> validator(later).validate(token))
                .isInstanceOf(SqeException.class)
                .hasMessage("the token has expired; log in again")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token.substring(token.lastIndexOf('.'))));
    }

    @Test
    void anUnknownKeyIdCausesOneRefetchPerCooldown() {
        try (FakeIdentityProvider fake = new FakeIdentityProvider();
                OidcProvider fakeProvider = new OidcProvider(fake.issuer())) {
            RSAKey first = FakeIdentityProvider.rsaKey("key-1");
            RSAKey rotated = FakeIdentityProvider.rsaKey("key-2");
            RSAKey unknown = FakeIdentityProvider.rsaKey("key-3");
            fake.publish(first);
            MutableClock clock = MutableClock.startingNow();
            JwtValidator validator = new JwtValidator(fakeProvider, "sqe", "preferred_username",
                    "realm_access.roles", Duration.ofSeconds(30), clock);

            assertThat(validator.validate(FakeIdentityProvider.sign(first, fake.claims("alice").build())).user()
                    .roles()).containsExactly("analyst");
            assertThat(validator.validate(FakeIdentityProvider.sign(first, fake.claims("bob").build())).user()
                    .name()).isEqualTo("bob");
            assertThat(fake.jwksRequests()).isEqualTo(1);

            // The provider rotates its key: a token with the new key id makes SQE fetch the keys again.
            fake.publish(first, rotated);
            clock.advance(Duration.ofSeconds(31));
            assertThat(validator.validate(FakeIdentityProvider.sign(rotated, fake.claims("alice").build())).user()
                    .name()).isEqualTo("alice");
            assertThat(fake.jwksRequests()).isEqualTo(2);
            assertThat(validator.jwksFetches()).isEqualTo(2);

            // A key id nobody publishes: no refetch within the cool-down ...
            String bogus = FakeIdentityProvider.sign(unknown, fake.claims("mallory").build());
            for (int i = 0; i < 3; i++) {
                assertAuthenticationFailed(() -> validator.validate(bogus), "the token was signed with a key the "
                        + "identity provider does not publish");
            }
            assertThat(fake.jwksRequests()).isEqualTo(2);

            // ... and one refetch after it.
            clock.advance(Duration.ofSeconds(31));
            assertAuthenticationFailed(() -> validator.validate(bogus), "does not publish");
            assertAuthenticationFailed(() -> validator.validate(bogus), "does not publish");
            assertThat(fake.jwksRequests()).isEqualTo(3);
        }
    }

    @Test
    void aFailedRefetchAlsoWaitsForTheCooldown() {
        FakeIdentityProvider fake = new FakeIdentityProvider();
        try (OidcProvider fakeProvider = new OidcProvider(fake.issuer())) {
            RSAKey known = FakeIdentityProvider.rsaKey("key-1");
            fake.publish(known);
            MutableClock clock = MutableClock.startingNow();
            JwtValidator validator = new JwtValidator(fakeProvider, "sqe", "preferred_username",
                    "realm_access.roles", Duration.ofSeconds(30), clock);
            validator.validate(FakeIdentityProvider.sign(known, fake.claims("alice").build()));
            String rotated = FakeIdentityProvider.sign(FakeIdentityProvider.rsaKey("key-2"),
                    fake.claims("alice").build());
            fake.close();
            clock.advance(Duration.ofSeconds(31));

            assertThatThrownBy(() -> validator.validate(rotated))
                    .isInstanceOf(SqeException.class)
                    .hasMessageStartingWith("cannot reach the identity provider (the signing keys (JWKS) at "
                            + fake.issuer() + "/certs)")
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE);
            assertAuthenticationFailed(() -> validator.validate(rotated), "does not publish");
            assertThat(validator.jwksFetches()).isEqualTo(2);
            // Tokens signed with the known key still validate while the provider is down.
            assertThat(validator.validate(FakeIdentityProvider.sign(known, fake.claims("bob").build())).user().name())
                    .isEqualTo("bob");
        } finally {
            fake.close();
        }
    }

    @Test
    void onlySigningKeysCountAndEcdsaWorks() {
        try (FakeIdentityProvider fake = new FakeIdentityProvider();
                OidcProvider fakeProvider = new OidcProvider(fake.issuer())) {
            RSAKey encryption = FakeIdentityProvider.rsaKey("enc-key", KeyUse.ENCRYPTION);
            RSAKey noUse = new RSAKey.Builder(FakeIdentityProvider.rsaKey("no-use")).keyUse(null).build();
            var ec = FakeIdentityProvider.ecKey("ec-key");
            fake.publish(encryption, noUse, ec);
            JwtValidator validator = new JwtValidator(fakeProvider, "sqe", "preferred_username",
                    "realm_access.roles", Duration.ofSeconds(30), Clock.systemUTC());

            assertThat(validator.validate(FakeIdentityProvider.sign(ec, fake.claims("erin").build())).user().name())
                    .isEqualTo("erin");
            assertThat(validator.validate(FakeIdentityProvider.sign(noUse, fake.claims("nora").build())).user()
                    .name()).isEqualTo("nora");
            assertAuthenticationFailed(() -> validator.validate(FakeIdentityProvider.sign(encryption,
                    fake.claims("eve").build())), "the token was signed with a key the identity provider does not "
                    + "publish");
        }
    }

    @Test
    void unreachableKeysAreIdentityProviderUnavailable() {
        int port = MockProviders.unusedPort();
        try (OidcProvider down = new OidcProvider(URI.create("http://127.0.0.1:" + port + "/realms/sqe"))) {
            JwtValidator validator = new JwtValidator(down, "sqe", "preferred_username", "realm_access.roles",
                    Duration.ofSeconds(30), Clock.systemUTC());
            String token = MockProviders.token(server, "alice", List.of(), List.of());

            assertThatThrownBy(() -> validator.validate(token))
                    .isInstanceOf(SqeException.class)
                    .hasMessageStartingWith("cannot reach the identity provider (the discovery document at "
                            + "http://127.0.0.1:" + port + "/realms/sqe/.well-known/openid-configuration)")
                    .hasMessageEndingWith("try again later, or ask the administrator to check [auth] issuer")
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE);
        }
    }

    @Test
    void rolesAtADottedPath() {
        Map<String, Object> claims = Map.of("resource_access", Map.of("sqe", Map.of("roles", List.of("reader"))),
                "flat", "x");

        assertThat(JwtValidator.claimAt(claims, List.of("resource_access", "sqe", "roles")))
                .contains(List.of("reader"));
        assertThat(JwtValidator.claimAt(claims, List.of("resource_access", "other", "roles"))).isEmpty();
        assertThat(JwtValidator.claimAt(claims, List.of("flat", "deeper"))).isEmpty();
    }

    static void assertAuthenticationFailed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
            String messageStart) {
        assertThatThrownBy(call)
                .isInstanceOf(SqeException.class)
                .hasMessageContaining(messageStart)
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }
}
