package io.sqe.auth;

import static io.sqe.auth.IdentityProviderHttp.unavailable;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's signing keys, fetched from its {@code jwks_uri} and kept. A token whose key id is not among them
 * causes one refetch (the provider rotated its keys), but at most one per {@code refetchCooldown}, so a stream of
 * tokens with made-up key ids cannot make SQE hammer the provider. Only signing keys count: keys with
 * {@code use=sig} or with no {@code use} (Keycloak also publishes a {@code use=enc} key). Thread-safe.
 */
final class JwksCache {
    private static final Logger log = LoggerFactory.getLogger(JwksCache.class);

    private final OidcProvider provider;
    private final Duration refetchCooldown;
    private final Clock clock;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile Snapshot snapshot = new Snapshot(null, Instant.MIN, 0);

    JwksCache(OidcProvider provider, Duration refetchCooldown, Clock clock) {
        this.provider = requireNonNull(provider, "provider is null");
        this.refetchCooldown = requireNonNull(refetchCooldown, "refetchCooldown is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The signing keys that may have signed a token with {@code header}: same key id (any, when the header names
     * none), the key type of its algorithm, and no other algorithm declared on the key. Empty when none matches
     * even after a refetch (or when a refetch was not allowed yet).
     *
     * @throws io.sqe.core.error.SqeException IDENTITY_PROVIDER_UNAVAILABLE when the keys are needed and cannot be
     *     fetched
     */
    List<JWK> keysFor(JWSHeader header) {
        Snapshot known = snapshot;
        if (known.keys == null) {
            known = fetch(known.generation);
        }
        List<JWK> matching = select(known.keys, header);
        if (!matching.isEmpty() || clock.instant().isBefore(known.fetchedAt.plus(refetchCooldown))) {
            return matching;
        }
        log.info("No signing key with id '{}' is known; fetching the identity provider's keys again",
                header.getKeyID());
        return select(fetch(known.generation).keys, header);
    }

    /** How many times the keys were requested from the provider (for tests and diagnostics). */
    int fetches() {
        return fetches.get();
    }

    /**
     * Fetches the keys, unless another thread already did since the caller looked ({@code seenGeneration}). The
     * attempt counts for the cool-down even when it fails, so a provider that is down is not asked once per token.
     */
    private synchronized Snapshot fetch(long seenGeneration) {
        Snapshot current = snapshot;
        if (current.generation != seenGeneration && current.keys != null) {
            return current;
        }
        URI jwksUri = provider.endpoints().jwksUri();
        snapshot = new Snapshot(current.keys, clock.instant(), current.generation + 1);
        fetches.incrementAndGet();
        JsonNode document = provider.http().getJson(jwksUri, "the signing keys (JWKS)");
        JWKSet set;
        try {
            set = JWKSet.parse(document.toString());
        } catch (ParseException e) {
            throw unavailable("the identity provider's key set at " + jwksUri + " is not a valid JWKS: "
                    + e.getMessage(), e);
        }
        List<JWK> signing = set.getKeys().stream()
                .filter(key -> key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
                .map(JWK::toPublicJWK)
                .collect(Collectors.toUnmodifiableList());
        snapshot = new Snapshot(signing, snapshot.fetchedAt, snapshot.generation);
        log.debug("Fetched {} signing keys from {}", signing.size(), jwksUri);
        return snapshot;
    }

    private static List<JWK> select(List<JWK> keys, JWSHeader header) {
        KeyType keyType = KeyType.forAlgorithm(header.getAlgorithm());
        String keyId = header.getKeyID();
        return keys.stream()
                .filter(key -> keyId == null || keyId.equals(key.getKeyID()))
                .filter(key -> key.getKeyType().equals(keyType))
                .filter(key -> key.getAlgorithm() == null || key.getAlgorithm().equals(header.getAlgorithm()))
                .collect(Collectors.toUnmodifiableList());
    }

    /**
     * The keys as last fetched (null before the first successful fetch), when they were last requested, and a
     * counter that grows with every request.
     */
    private static final class Snapshot {
        private final List<JWK> keys;
        private final Instant fetchedAt;
        private final long generation;

        Snapshot(List<JWK> keys, Instant fetchedAt, long generation) {
            this.keys = keys;
            this.fetchedAt = fetchedAt;
            this.generation = generation;
        }
    }
}
