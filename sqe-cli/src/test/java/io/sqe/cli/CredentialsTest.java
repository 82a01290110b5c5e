package io.sqe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    @Test
    void sendsBasicForAPasswordAndBearerForAToken() {
        assertThat(Credentials.password("ada", "se:cret").authorizationHeader()).hasValue("Basic "
                + Base64.getEncoder().encodeToString("ada:se:cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(Credentials.accessToken("ada", "a.b.c").authorizationHeader()).hasValue("Bearer a.b.c");
        assertThat(Credentials.user("ada").authorizationHeader()).isEmpty();
        assertThat(Credentials.password("ada", "").hasSecret()).isFalse();
    }

    @Test
    void neverPrintsTheSecrets() {
        assertThat(Credentials.password("ada", "hunter2").toString()).contains("ada").doesNotContain("hunter2");
        assertThat(Credentials.accessToken("ada", "eyJtoken").toString()).doesNotContain("eyJtoken");
    }

    @Test
    void isEitherAPasswordOrAToken() {
        assertThatThrownBy(() -> new Credentials("ada", Optional.of(new Secret("p")), Optional.of(new Secret("t"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a password and an access token at once");
    }
}
