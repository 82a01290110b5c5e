package io.sqe.catalog.testing;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * Lets a request through only with a valid bearer JWT (signature by the issuer's JWKS, issuer, audience, expiry),
 * and names its user ({@code preferred_username}, else {@code sub}) to {@link GrantingCatalogAdapter}. Anything
 * else gets the REST catalog's 401 error. {@code GET /v1/config} needs no token: it holds no data.
 */
final class BearerTokenFilter implements Filter {
    private static final ThreadLocal<String> CURRENT_USER = new ThreadLocal<>();

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final AtomicInteger rejected = new AtomicInteger();

    BearerTokenFilter(URI jwksUri, String issuer, String audience) {
        requireNonNull(jwksUri, "jwksUri is null");
        requireNonNull(issuer, "issuer is null");
        requireNonNull(audience, "audience is null");
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(jwksUri.toURL()).retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URI " + jwksUri, e);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "exp")));
    }

    /** The authenticated user of the request this thread serves, or null. */
    static String currentUser() {
        return CURRENT_USER.get();
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if ("GET".equals(request.getMethod()) && "/v1/config".equals(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            reject(response, "Authentication required: send a bearer token");
            return;
        }
        String user;
        try {
            JWTClaimsSet claims = processor.process(header.substring("Bearer ".length()).strip(), null);
            String preferred = claims.getStringClaim("preferred_username");
            user = preferred != null ? preferred : claims.getSubject();
        } catch (ParseException | BadJOSEException | JOSEException e) {
            reject(response, "Invalid bearer token: " + e.getMessage());
            return;
        }
        CURRENT_USER.set(user);
        try {
            chain.doFilter(request, response);
        } finally {
            CURRENT_USER.remove();
        }
    }

    int rejectedRequests() {
        return rejected.get();
    }

    private void reject(HttpServletResponse response, String message) throws IOException {
        rejected.incrementAndGet();
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("application/json");
        response.setHeader("WWW-Authenticate", "Bearer");
        // The REST catalog's error model, which Iceberg's client turns into NotAuthorizedException.
        new ObjectMapper().writeValue(response.getWriter(), Map.of("error", Map.of(
                "message", message, "type", "NotAuthorizedException", "code", 401)));
    }
}
