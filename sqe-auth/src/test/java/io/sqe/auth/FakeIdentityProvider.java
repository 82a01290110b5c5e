package io.sqe.auth;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small hand-written OpenID Connect provider on 127.0.0.1 (JDK HTTP server) for the cases mock-oauth2-server
 * cannot stage: key rotation, a {@code use=enc} key, chosen token-endpoint answers, a discovery document naming
 * another issuer. It signs tokens with keys the test controls.
 */
final class FakeIdentityProvider implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REALM = "/realms/fake";

    private final HttpServer server;
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private volatile List<JWK> published = List.of();
    private volatile String discoveredIssuer;
    private volatile Function<TokenRequest, Answer> tokenEndpoint = request -> new Answer(500, "{}");

    FakeIdentityProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(REALM + "/.well-known/openid-configuration", this::discovery);
        server.createContext(REALM + "/certs", this::jwks);
        server.createContext(REALM + "/token", this::token);
        server.start();
        discoveredIssuer = issuer().toString();
    }

    URI issuer() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + REALM);
    }

    URI tokenEndpointUri() {
        return URI.create(issuer() + "/token");
    }

    /** The keys the JWKS endpoint publishes from now on. */
    void publish(JWK... keys) {
        published = List.of(keys);
    }

    /** Makes the discovery document name another issuer. */
    void discoveredIssuer(String issuer) {
        discoveredIssuer = requireNonNull(issuer, "issuer is null");
    }

    void onToken(Function<TokenRequest, Answer> handler) {
        tokenEndpoint = requireNonNull(handler, "handler is null");
    }

    int jwksRequests() {
        return jwksRequests.get();
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAKey rsaKey(String keyId, KeyUse use) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).keyUse(use).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ecKey(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims of a valid access token for {@code user}: audience sqe, five minutes left, roles analyst. */
    JWTClaimsSet.Builder claims(String user) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer().toString())
                .audience("sqe")
                .subject("id-" + user)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("preferred_username", user)
                .claim("realm_access", Map.of("roles", List.of("analyst")));
    }

    static String sign(JWK key, JWTClaimsSet claims) {
        try {
            JWSAlgorithm algorithm = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
            JWSSigner signer = key instanceof ECKey ? new ECDSASigner((ECKey) key) : new RSASSASigner((RSAKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token-endpoint answer with tokens, as Keycloak sends it. */
    static Answer tokens(String accessToken, String refreshToken, long refreshExpiresIn) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", 300);
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
            body.put("refresh_expires_in", refreshExpiresIn);
        }
        try {
            return new Answer(200, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Answer error(int status, String error, String description) {
        return new Answer(status, "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", discoveredIssuer);
        document.put("token_endpoint", issuer() + "/token");
        document.put("jwks_uri", issuer() + "/certs");
        respond(exchange, new Answer(200, JSON.writeValueAsString(document)));
    }

    private void jwks(HttpExchange exchange) throws IOException {
        jwksRequests.incrementAndGet();
        respond(exchange, new Answer(200, new JWKSet(published).toPublicJWKSet().toString()));
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        TokenRequest request = new TokenRequest(form, exchange.getRequestHeaders().getFirst("Authorization"));
        requests.add(request);
        respond(exchange, tokenEndpoint.apply(request));
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A request to the token endpoint: its form and its Authorization header (null when absent). */
    record TokenRequest(Map<String, String> form, String authorization) {
        @Override
        public String toString() {
            return "TokenRequest[grant_type=" + form.get("grant_type") + "]";
        }
    }

    record Answer(int status, String body) {}
}
