package io.sqe.auth;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.SessionUser;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the provider's access tokens (JWTs) with Nimbus and reads the user from them.
 *
 * <p>A token is accepted only when all of these hold:
 *
 * <ul>
 *   <li>it is a signed JWT (JWS) with RS256, RS384, RS512, PS256 or ES256 ({@code none} and HMAC are refused);
 *   <li>its {@code iss} is the provider's issuer;
 *   <li>its signature verifies with one of the provider's published signing keys (see {@link JwksCache});
 *   <li>its {@code aud} (a string or an array) contains the required audience. {@code azp} is not accepted in its
 *       place: Keycloak needs an audience mapper that puts SQE's client into {@code aud};
 *   <li>it has an {@code exp} that has not passed and any {@code nbf} has come, both with {@link #CLOCK_SKEW};
 *   <li>it names the user in the configured user claim.
 * </ul>
 *
 * <p>Roles come from a dotted claim path such as {@code realm_access.roles} (a missing path means no roles), groups
 * from a {@code groups} claim when there is one, with Keycloak's leading '/' of full group paths removed.
 * Failures are {@code AUTHENTICATION_FAILED} with a message that says what to do; no message contains the token.
 * Thread-safe.
 */
public final class JwtValidator {
    /** How far SQE's clock and the provider's may disagree. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.ES256);
    private static final Logger log = LoggerFactory.getLogger(JwtValidator.class);
    private static final String GROUPS_CLAIM = "groups";

    private final OidcProvider provider;
    private final JwksCache keys;
    private final String audience;
    private final String userClaim;
    private final List<String> rolesPath;
    private final Clock clock;

    public JwtValidator(OidcProvider provider, String audience, String userClaim, String rolesClaim,
            Duration jwksRefetchCooldown, Clock clock) {
        this.provider = requireNonNull(provider, "provider is null");
        this.audience = requireNonNull(audience, "audience is null");
        this.userClaim = requireNonNull(userClaim, "userClaim is null");
        this.rolesPath = List.of(requireNonNull(rolesClaim, "rolesClaim is null").split("\\.", -1));
        this.clock = requireNonNull(clock, "clock is null");
        this.keys = new JwksCache(provider, jwksRefetchCooldown, clock);
    }

    /**
     * Validates {@code token} and returns its user and expiry.
     *
     * @throws SqeException AUTHENTICATION_FAILED when the token is not acceptable; IDENTITY_PROVIDER_UNAVAILABLE
     *     when the provider's keys are needed and cannot be fetched
     */
    public ValidatedToken validate(String token) {
        SignedJWT jwt = parse(token);
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(algorithm)) {
            throw failed("the token is signed with " + algorithm + ", which SQE does not accept (it accepts RS256, "
                    + "RS384, RS512, PS256 and ES256); send the identity provider's access token");
        }
        JWTClaimsSet claims = claims(jwt);
        String issuer = provider.endpoints().issuer();
        if (claims.getIssuer() == null || !OidcProvider.sameIssuer(claims.getIssuer(), issuer)) {
            throw failed("the token was issued by another identity provider; log in again to get a token from "
                    + issuer);
        }
        verifySignature(jwt);
        checkAudience(claims);
        Instant expiresAt = checkTimes(claims);
        return new ValidatedToken(user(claims), expiresAt);
    }

    /** How many times the provider's keys were fetched (for tests and diagnostics). */
    int jwksFetches() {
        return keys.fetches();
    }

    private static SignedJWT parse(String token) {
        if (token == null || token.isBlank()) {
            throw failed("no token was sent; log in again");
        }
        try {
            return SignedJWT.parse(token.strip());
        } catch (ParseException e) {
            throw failed("the bearer token is not a signed JWT; send the identity provider's access token, or log in "
                    + "with a user name and password");
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw failed("the token's claims are not valid JSON; send the identity provider's access token");
        }
    }

    private void verifySignature(SignedJWT jwt) {
        List<JWK> candidates = keys.keysFor(jwt.getHeader());
        if (candidates.isEmpty()) {
            throw failed("the token was signed with a key the identity provider does not publish; log in again to "
                    + "get a new token");
        }
        for (JWK key : candidates) {
            try {
                if (jwt.verify(verifier(key))) {
                    return;
                }
            } catch (JOSEException e) {
                log.debug("Key {} cannot verify a {} signature: {}", key.getKeyID(), jwt.getHeader().getAlgorithm(),
                        e.getMessage());
            }
        }
        throw failed("the token signature is invalid; log in again to get a new token");
    }

    private static JWSVerifier verifier(JWK key) throws JOSEException {
        if (key instanceof RSAKey) {
            return new RSASSAVerifier((RSAKey) key);
        }
        if (key instanceof ECKey) {
            return new ECDSAVerifier((ECKey) key);
        }
        throw new JOSEException("unsupported key type " + key.getKeyType());
    }

    private void checkAudience(JWTClaimsSet claims) {
        List<String> audiences = claims.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            throw failed("the token was not issued for this server: its audience (aud) does not include '" + audience
                    + "'; get a token for '" + audience + "' (in Keycloak an audience mapper on the client adds it)");
        }
    }

    private Instant checkTimes(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date expiration = claims.getExpirationTime();
        if (expiration == null) {
            throw failed("the token has no expiry (exp); send the identity provider's access token");
        }
        Instant expiresAt = expiration.toInstant();
        if (!now.isBefore(expiresAt.plus(CLOCK_SKEW))) {
            throw failed("the token has expired; log in again");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(CLOCK_SKEW).isBefore(notBefore.toInstant())) {
            throw failed("the token is not valid yet (nbf); check that the clocks of SQE and the identity provider "
                    + "agree, then log in again");
        }
        return expiresAt;
    }

    private SessionUser user(JWTClaimsSet claims) {
        Object name = claims.getClaim(userClaim);
        if (!(name instanceof String) || ((String) name).isBlank()) {
            throw failed("the token does not name the user in claim '" + userClaim + "'; the administrator must set "
                    + "[auth] user_claim to the claim that holds the user name");
        }
        return new SessionUser((String) name, strings(claimAt(claims.getClaims(), rolesPath)),
                groups(claims.getClaim(GROUPS_CLAIM)));
    }

    /** The value at a dotted path through nested JSON objects, if every step exists. */
    static Optional<Object> claimAt(Map<String, Object> claims, List<String> path) {
        Object current = claims;
        for (String step : path) {
            if (!(current instanceof Map)) {
                return Optional.empty();
            }
            current = ((Map<?, ?>) current).get(step);
            if (current == null) {
                return Optional.empty();
            }
        }
        return Optional.of(current);
    }

    /** A list of strings or a single string; anything else contributes nothing. */
    private static Set<String> strings(Optional<Object> value) {
        Set<String> result = new LinkedHashSet<>();
        value.ifPresent(present -> {
            if (present instanceof String) {
                result.add((String) present);
            } else if (present instanceof List) {
                for (Object item : (List<?>) present) {
                    if (item instanceof String && !((String) item).isBlank()) {
                        result.add((String) item);
                    }
                }
            }
        });
        return result;
    }

    private static Set<String> groups(Object claim) {
        Set<String> groups = new LinkedHashSet<>();
        for (String group : strings(Optional.ofNullable(claim))) {
            String name = group.startsWith("/") ? group.substring(1) : group;
            if (!name.isEmpty()) {
                groups.add(name);
            }
        }
        return groups;
    }

    private static SqeException failed(String message) {
        return new SqeException(ErrorCode.AUTHENTICATION_FAILED, message);
    }
}
