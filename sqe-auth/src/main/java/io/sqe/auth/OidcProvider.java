package io.sqe.auth;

import static io.sqe.auth.IdentityProviderHttp.unavailable;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.sqe.core.error.SqeException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpenID Connect provider, found through its discovery document {@code <issuer>/.well-known/openid-configuration}.
 *
 * <p>Discovery is lazy and retried: a provider that is down when SQE starts does not stop the server. Until
 * discovery succeeds every call fails with {@code IDENTITY_PROVIDER_UNAVAILABLE}; after a failed attempt the next
 * one waits {@code retryInterval}, so a burst of logins against a dead provider does not each wait for a timeout.
 * Once found, the endpoints are kept for the life of the process. Thread-safe.
 */
public final class OidcProvider implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OidcProvider.class);
    private static final String WELL_KNOWN = "/.well-known/openid-configuration";
    static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(2);

    private final URI issuer;
    private final IdentityProviderHttp http;
    private final Duration retryInterval;
    private final Clock clock;
    private volatile OidcEndpoints endpoints;
    private Instant nextAttempt = Instant.MIN;
    private SqeException lastFailure;

    OidcProvider(URI issuer, IdentityProviderHttp http, Duration retryInterval, Clock clock) {
        this.issuer = requireNonNull(issuer, "issuer is null");
        this.http = requireNonNull(http, "http is null");
        this.retryInterval = requireNonNull(retryInterval, "retryInterval is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A provider with the default timeouts and retry interval. */
    public OidcProvider(URI issuer) {
        this(issuer, new IdentityProviderHttp(), DEFAULT_RETRY_INTERVAL, Clock.systemUTC());
    }

    /** The configured issuer. */
    public URI issuer() {
        return issuer;
    }

    /**
     * The provider's endpoints, discovering them on first use.
     *
     * @throws SqeException IDENTITY_PROVIDER_UNAVAILABLE when discovery fails (provider down, wrong URL, or a
     *     discovery document that names another issuer)
     */
    public OidcEndpoints endpoints() {
        OidcEndpoints known = endpoints;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (endpoints != null) {
                return endpoints;
            }
            Instant now = clock.instant();
            if (lastFailure != null && now.isBefore(nextAttempt)) {
                throw unavailable(lastFailure.getMessage(), lastFailure);
            }
            try {
                endpoints = discover();
                lastFailure = null;
                log.info("Discovered OpenID Connect provider {}: token endpoint {}, keys {}", issuer,
                        endpoints.tokenEndpoint(), endpoints.jwksUri());
                return endpoints;
            } catch (SqeException e) {
                lastFailure = e;
                nextAttempt = now.plus(retryInterval);
                throw e;
            }
        }
    }

    /** Tries discovery now and logs the outcome; never throws. Used at start-up. */
    public boolean tryDiscover() {
        try {
            endpoints();
            return true;
        } catch (SqeException e) {
            log.warn("The identity provider is not available yet; logins fail until it is: {}", e.getMessage());
            return false;
        }
    }

    IdentityProviderHttp http() {
        return http;
    }

    @Override
    public void close() {
        http.close();
    }

    private OidcEndpoints discover() {
        URI wellKnown = URI.create(stripTrailingSlash(issuer.toString()) + WELL_KNOWN);
        JsonNode document = http.getJson(wellKnown, "the discovery document");
        String named = text(document, "issuer").orElseThrow(() -> unusable(wellKnown, "issuer"));
        if (!sameIssuer(named, issuer.toString())) {
            throw unavailable("the identity provider's discovery document at " + wellKnown + " names issuer '"
                    + named + "', but [auth] issuer is '" + issuer + "'; set [auth] issuer to exactly '" + named
                    + "'", null);
        }
        URI tokenEndpoint = uri(document, "token_endpoint", wellKnown);
        URI jwksUri = uri(document, "jwks_uri", wellKnown);
        return new OidcEndpoints(named, tokenEndpoint, jwksUri);
    }

    private static URI uri(JsonNode document, String field, URI wellKnown) {
        String value = text(document, field).orElseThrow(() -> unusable(wellKnown, field));
        try {
            URI uri = URI.create(value);
            if (uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw unusable(wellKnown, field);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw unusable(wellKnown, field);
        }
    }

    private static SqeException unusable(URI wellKnown, String field) {
        return unavailable("the identity provider's discovery document at " + wellKnown + " has no usable '"
                + field + "'; check that [auth] issuer names an OpenID Connect provider", null);
    }

    private static Optional<String> text(JsonNode document, String field) {
        JsonNode node = document.get(field);
        return node != null && node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText())
                : Optional.empty();
    }

    /** Issuers compare exactly, except for one trailing slash, which configuration files often add or drop. */
    static boolean sameIssuer(String a, String b) {
        return stripTrailingSlash(a).equals(stripTrailingSlash(b));
    }

    private static String stripTrailingSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
