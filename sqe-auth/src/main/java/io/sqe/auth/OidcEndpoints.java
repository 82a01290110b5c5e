package io.sqe.auth;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * What SQE uses from a provider's discovery document.
 *
 * @param issuer the issuer the provider names itself, exactly as tokens carry it in {@code iss}
 * @param tokenEndpoint where the password and refresh grants are posted
 * @param jwksUri where the provider publishes its signing keys
 */
public record OidcEndpoints(String issuer, URI tokenEndpoint, URI jwksUri) {
    public OidcEndpoints {
        requireNonNull(issuer, "issuer is null");
        requireNonNull(tokenEndpoint, "tokenEndpoint is null");
        requireNonNull(jwksUri, "jwksUri is null");
    }
}
