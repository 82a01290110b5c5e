package io.sqe.auth;

import static io.sqe.auth.IdentityProviderHttp.unavailable;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.sqe.core.config.Secret;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Calls the provider's token endpoint as SQE's OAuth client: the password grant (a user name and password for
 * tokens) and the refresh-token grant. A confidential client authenticates with HTTP Basic
 * ({@code client_secret_basic}); with an empty secret SQE is a public client and sends only {@code client_id}.
 *
 * <p>Errors: {@code invalid_grant} (wrong password, unknown or disabled user, expired refresh token) is
 * {@code AUTHENTICATION_FAILED}, with one message for all causes, so that a caller cannot tell which user names
 * exist; everything else that goes wrong (provider down, HTTP 5xx, an unparsable answer, SQE's own client
 * rejected) is {@code IDENTITY_PROVIDER_UNAVAILABLE}. No message carries a password or token. Thread-safe.
 */
public final class TokenEndpointClient {
    static final String WRONG_CREDENTIALS = "wrong user name or password, or the account is disabled";
    private static final int MAX_DESCRIPTION_LENGTH = 200;

    private final OidcProvider provider;
    private final String clientId;
    private final Secret clientSecret;

    public TokenEndpointClient(OidcProvider provider, String clientId, Secret clientSecret) {
        this.provider = requireNonNull(provider, "provider is null");
        this.clientId = requireNonNull(clientId, "clientId is null");
        this.clientSecret = requireNonNull(clientSecret, "clientSecret is null");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId is blank");
        }
    }

    /**
     * Exchanges a user name and password for tokens ({@code grant_type=password}, {@code scope=openid}).
     *
     * @throws SqeException AUTHENTICATION_FAILED for wrong credentials or a disabled account;
     *     IDENTITY_PROVIDER_UNAVAILABLE when the provider cannot be used
     */
    public TokenResponse passwordGrant(String user, String password) {
        if (user == null || user.isBlank() || password == null || password.isEmpty()) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "a user name and a password are required");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", user);
        form.put("password", password);
        form.put("scope", "openid");
        return request(form, Grant.PASSWORD);
    }

    /**
     * Exchanges a refresh token for new tokens ({@code grant_type=refresh_token}).
     *
     * @throws SqeException AUTHENTICATION_FAILED when the provider no longer accepts the refresh token;
     *     IDENTITY_PROVIDER_UNAVAILABLE when the provider cannot be used
     */
    public TokenResponse refreshGrant(Secret refreshToken) {
        requireNonNull(refreshToken, "refreshToken is null");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken.value());
        return request(form, Grant.REFRESH);
    }

    private TokenResponse request(Map<String, String> form, Grant grant) {
        URI tokenEndpoint = provider.endpoints().tokenEndpoint();
        Optional<String> authorization;
        if (clientSecret.isEmpty()) {
            form.put("client_id", clientId);
            authorization = Optional.empty();
        } else {
            authorization = Optional.of(basicAuthorization());
        }
        HttpResponse<String> response = provider.http().postForm(tokenEndpoint, form, authorization,
                "the " + grant.description + " at the token endpoint");
        if (response.statusCode() == 200) {
            return parseTokens(response.body(), tokenEndpoint);
        }
        throw failure(response, grant, tokenEndpoint);
    }

    /** RFC 6749 2.3.1: both parts are form-encoded before they are joined and base64-encoded. */
    private String basicAuthorization() {
        String credentials = IdentityProviderHttp.formEncode(clientId) + ":"
                + IdentityProviderHttp.formEncode(clientSecret.value());
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static TokenResponse parseTokens(String body, URI tokenEndpoint) {
        JsonNode json = IdentityProviderHttp.parseObject(body).orElseThrow(() -> unavailable(
                "the identity provider's token endpoint " + tokenEndpoint + " answered something that is not JSON",
                null));
        JsonNode accessToken = json.get("access_token");
        if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isEmpty()) {
            throw unavailable("the identity provider's token endpoint " + tokenEndpoint
                    + " answered without an access token", null);
        }
        JsonNode refreshToken = json.get("refresh_token");
        Optional<Secret> refresh = refreshToken != null && refreshToken.isTextual()
                && !refreshToken.asText().isEmpty() ? Optional.of(new Secret(refreshToken.asText())) : Optional.empty();
        JsonNode refreshExpiresIn = json.get("refresh_expires_in");
        Optional<Duration> refreshLifetime = refreshExpiresIn != null && refreshExpiresIn.canConvertToLong()
                && refreshExpiresIn.asLong() > 0 ? Optional.of(Duration.ofSeconds(refreshExpiresIn.asLong()))
                : Optional.empty();
        return new TokenResponse(new Secret(accessToken.asText()), refresh, refreshLifetime);
    }

    private SqeException failure(HttpResponse<String> response, Grant grant, URI tokenEndpoint) {
        int status = response.statusCode();
        if (status >= 500) {
            return unavailable("the identity provider's token endpoint " + tokenEndpoint + " answered HTTP " + status
                    + "; try again later", null);
        }
        Optional<JsonNode> json = IdentityProviderHttp.parseObject(response.body());
        String error = json.map(node -> node.path("error").asText("")).orElse("");
        // Keycloak answers a wrong client secret with 401 unauthorized_client, not invalid_client.
        if (error.equals("invalid_client") || (error.equals("unauthorized_client") && status == 401)) {
            return unavailable("the identity provider rejected SQE's own client credentials (" + error + "); "
                    + "the administrator must check [auth] client_id ('" + clientId + "') and client_secret", null);
        }
        switch (error) {
            case "invalid_grant":
                return new SqeException(ErrorCode.AUTHENTICATION_FAILED, grant.invalidGrantMessage);
            case "unauthorized_client":
            case "unsupported_grant_type":
                return unavailable("the identity provider does not let client '" + clientId + "' use the "
                        + grant.description + " (" + error + "); the administrator must allow it (in Keycloak: "
                        + "enable Direct Access Grants for the client)", null);
            default:
                String detail = error.isEmpty() ? "HTTP " + status : error + description(json);
                return unavailable("the identity provider refused the " + grant.description + " (" + detail
                        + "); ask the administrator to check the [auth] settings", null);
        }
    }

    private static String description(Optional<JsonNode> json) {
        String text = json.map(node -> node.path("error_description").asText("")).orElse("");
        if (text.isBlank()) {
            return "";
        }
        return ": " + (text.length() > MAX_DESCRIPTION_LENGTH ? text.substring(0, MAX_DESCRIPTION_LENGTH) + "..."
                : text);
    }

    private enum Grant {
        PASSWORD("password grant", WRONG_CREDENTIALS),
        REFRESH("refresh-token grant", "the identity provider no longer accepts this session's refresh token "
                + "(it expired or was revoked); log in again");

        private final String description;
        private final String invalidGrantMessage;

        Grant(String description, String invalidGrantMessage) {
            this.description = description;
            this.invalidGrantMessage = invalidGrantMessage;
        }
    }
}
