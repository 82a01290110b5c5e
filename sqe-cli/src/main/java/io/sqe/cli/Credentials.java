package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import io.sqe.core.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Who the CLI logs in as: a user name with a password, or a bearer token from the identity provider. With neither,
 * the user name alone is sent, which is all a server without authentication asks for. The password and the token
 * are {@link Secret}s, so that this record never prints them.
 */
record Credentials(String user, Optional<Secret> password, Optional<Secret> accessToken) {
    Credentials {
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(accessToken, "accessToken is null");
        password = password.filter(value -> !value.isEmpty());
        accessToken = accessToken.filter(value -> !value.isEmpty());
        if (password.isPresent() && accessToken.isPresent()) {
            throw new IllegalArgumentException("a password and an access token at once");
        }
    }

    /** The user name alone. */
    static Credentials user(String user) {
        return new Credentials(user, Optional.empty(), Optional.empty());
    }

    static Credentials password(String user, String password) {
        return new Credentials(user, Optional.of(new Secret(password)), Optional.empty());
    }

    static Credentials accessToken(String user, String token) {
        return new Credentials(user, Optional.empty(), Optional.of(new Secret(token)));
    }

    /** True when a password or a token goes over the wire, which then had better be encrypted. */
    boolean hasSecret() {
        return password.isPresent() || accessToken.isPresent();
    }

    /** {@code Basic base64(user:password)} or {@code Bearer token}, for HTTP; empty for the user name alone. */
    Optional<String> authorizationHeader() {
        if (accessToken.isPresent()) {
            return Optional.of("Bearer " + accessToken.get().value());
        }
        return password.map(secret -> "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + secret.value()).getBytes(StandardCharsets.UTF_8)));
    }
}
