package io.sqe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqe.core.config.AuthConfig;
import io.sqe.core.config.Secret;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Login;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * End to end against the real Keycloak (the {@code keycloak-quarkus-dist} distribution, started once for the class):
 * realm {@code sqe} with the confidential client {@code sqe} (direct access grants, an audience mapper, a groups
 * mapper, 5 s access tokens), alice (analyst, group finance), bob (no roles) and carol (disabled).
 */
final class KeycloakIT {
    private static final String CLIENT_SECRET = "sqe-it-client-secret";

    private static KeycloakServer keycloak;
    private static OidcAuthenticator authenticator;

    @BeforeAll
    static void startKeycloak() throws Exception {
        String home = System.getProperty("sqe.test.keycloakHome");
        if (home == null) {
            throw new IllegalStateException(
                    "sqe.test.keycloakHome is not set; run KeycloakIT through Maven (mvn verify)");
        }
        keycloak = KeycloakServer.start(Path.of(home));
        authenticator = OidcAuthenticator.create(AuthConfig.none()
                .withOidc(keycloak.issuer(), "sqe", new Secret(CLIENT_SECRET)));
    }

    @AfterAll
    static void stopKeycloak() {
        if (authenticator != null) {
            authenticator.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void passwordGrantForAliceGivesHerRolesAndGroups(TestReporter reporter) {
        reporter.publishEntry("keycloakStartSeconds", String.valueOf(keycloak.startTime().toSeconds()));

        Login login = authenticator.authenticate("alice", "alice-password");

        assertThat(login.user().name()).isEqualTo("alice");
        assertThat(login.user().roles()).contains("analyst").doesNotContain("admin");
        assertThat(login.user().groups()).containsExactly("finance");
        RefreshingToken token = (RefreshingToken) login.token().orElseThrow();
        assertThat(token.refreshable()).isTrue();
        assertThat(token.refreshExpiresAt()).isPresent();
        assertThat(token.expiresAt()).isBefore(Instant.now().plusSeconds(10));
    }

    @Test
    void bobHasNoRealmRoles() {
        Login login = authenticator.authenticate("bob", "bob-password");

        assertThat(login.user().name()).isEqualTo("bob");
        assertThat(login.user().roles()).doesNotContain("analyst", "admin");
        assertThat(login.user().groups()).isEmpty();
    }

    @Test
    void theRefreshGrantRenewsTheTokenAfterItsLifetime() throws Exception {
        Login login = authenticator.authenticate("alice", "alice-password");
        RefreshingToken token = (RefreshingToken) login.token().orElseThrow();
        String first = token.accessToken().value();
        Instant firstExpiry = token.expiresAt();

        Thread.sleep(Duration.between(Instant.now(), firstExpiry).plusMillis(1_500).toMillis());
        assertThat(Instant.now()).isAfter(firstExpiry);

        assertThat(token.refreshIfDue(Instant.now(), Duration.ofSeconds(1))).isTrue();
        assertThat(token.accessToken().value()).isNotEqualTo(first);
        assertThat(token.expiresAt()).isAfter(Instant.now());
        Login renewed = authenticator.authenticateBearer(token.accessToken().value());
        assertThat(renewed.user()).isEqualTo(login.user());
    }

    @Test
    void aKeycloakJwtIsAcceptedAsABearerTokenAndItsEncryptionKeyIsIgnored() throws Exception {
        String jwt = authenticator.authenticate("alice", "alice-password").token().orElseThrow().accessToken()
                .value();

        assertThat(authenticator.authenticateBearer(jwt).user().name()).isEqualTo("alice");
        assertThat(keyUses()).contains("sig", "enc");
    }

    @Test
    void aWrongPasswordFails() {
        assertThatThrownBy(() -> authenticator.authenticate("alice", "not-her-password"))
                .isInstanceOf(SqeException.class)
                .hasMessage("wrong user name or password, or the account is disabled")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void aDisabledUserFailsWithTheSameMessage() {
        assertThatThrownBy(() -> authenticator.authenticate("carol", "carol-password"))
                .isInstanceOf(SqeException.class)
                .hasMessage("wrong user name or password, or the account is disabled")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThatThrownBy(() -> authenticator.authenticate("nobody", "whatever"))
                .isInstanceOf(SqeException.class)
                .hasMessage("wrong user name or password, or the account is disabled")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void aWrongClientSecretIsAConfigurationProblem() {
        try (OidcAuthenticator wrongSecret = OidcAuthenticator.create(AuthConfig.none()
                .withOidc(keycloak.issuer(), "sqe", new Secret("not-the-secret")))) {
            assertThatThrownBy(() -> wrongSecret.authenticate("alice", "alice-password"))
                    .isInstanceOf(SqeException.class)
                    .hasMessage("the identity provider rejected SQE's own client credentials (unauthorized_client); "
                            + "the administrator must check [auth] client_id ('sqe') and client_secret")
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE);
        }
    }

    private static List<String> keyUses() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(keycloak.issuer() + "/protocol/openid-connect/certs")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> uses = new ArrayList<>();
        for (JsonNode key : new ObjectMapper().readTree(response.body()).path("keys")) {
            uses.add(key.path("use").asText());
        }
        return uses;
    }
}
