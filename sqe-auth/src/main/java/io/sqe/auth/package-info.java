/**
 * OpenID Connect authentication for SQE.
 *
 * <p>{@link io.sqe.auth.OidcAuthenticator} implements {@link io.sqe.core.session.Authenticator} against any OpenID
 * Connect provider (Keycloak in production):
 *
 * <ul>
 *   <li>{@link io.sqe.auth.OidcProvider} reads the provider's discovery document
 *       ({@code <issuer>/.well-known/openid-configuration}) lazily, so the server starts while the provider is
 *       down; logins then fail with {@code IDENTITY_PROVIDER_UNAVAILABLE} until it answers.
 *   <li>{@link io.sqe.auth.TokenEndpointClient} exchanges a user name and password for tokens (password grant) and
 *       refreshes them (refresh-token grant), authenticating as the configured client.
 *   <li>{@link io.sqe.auth.JwtValidator} checks every access token: signature against the provider's published
 *       signing keys (refetched on key rotation, at most once per cool-down), issuer, audience, expiry. It reads
 *       the user, the roles and the groups from the token's claims.
 *   <li>{@link io.sqe.auth.RefreshingToken} is the delegated token of a password login, refreshed before it
 *       expires; {@link io.sqe.auth.ExpiringToken} is the delegated token of a client's own JWT, which SQE cannot
 *       refresh and which simply expires.
 * </ul>
 *
 * <p><b>Audience.</b> Every accepted access token must name SQE's audience ({@code [auth] audience}, by default the
 * client id) in its {@code aud} claim; {@code azp} alone is not enough, since any client of the realm may be the
 * authorized party. Keycloak puts a client in {@code aud} only through an <em>audience mapper</em>: add a mapper of
 * type "Audience" with "Included Client Audience" = the SQE client (on the client itself, or on a client scope that
 * the clients whose tokens SQE accepts carry).
 *
 * <p>Tokens, passwords and client secrets never appear in messages, logs or {@code toString()}.
 */
package io.sqe.auth;
