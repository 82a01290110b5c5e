package io.sqe.catalog.rest;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.apache.iceberg.catalog.SessionCatalog.SessionContext;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.HTTPHeaders;
import org.apache.iceberg.rest.HTTPRequest;
import org.apache.iceberg.rest.ImmutableHTTPRequest;
import org.apache.iceberg.rest.RESTClient;
import org.apache.iceberg.rest.auth.AuthManager;
import org.apache.iceberg.rest.auth.AuthSession;

/**
 * Authenticates every catalog call with the bearer token of the session context that makes it, and with nothing
 * else: no catalog-wide credential, no session cache, no token refresh or exchange against the catalog.
 *
 * <p>Iceberg's own {@code OAuth2Manager} caches contextual sessions by {@code SessionContext.sessionId()} alone and,
 * when it is handed an already expired token, immediately tries to refresh it through the catalog's token endpoint
 * (a token exchange), whether or not {@code token-refresh-enabled} is off. SQE refreshes tokens with the identity
 * provider itself and passes the current token on every call, so this manager holds no state at all: a call
 * carries exactly the token of its context, or none.
 *
 * <p>Loaded by class name through {@code rest.auth.type} (Iceberg's {@code AuthManagers}), hence public with a
 * {@code (String)} constructor.
 */
public final class DelegatedTokenAuthManager implements AuthManager {
    /** The {@link SessionContext#credentials()} key holding the user's access token. */
    public static final String TOKEN = "token";

    public DelegatedTokenAuthManager(String name) {
        requireNonNull(name, "name is null");
    }

    @Override
    public AuthSession initSession(RESTClient initClient, Map<String, String> properties) {
        return AuthSession.EMPTY;
    }

    @Override
    public AuthSession catalogSession(RESTClient sharedClient, Map<String, String> properties) {
        return AuthSession.EMPTY;
    }

    @Override
    public AuthSession contextualSession(SessionContext context, AuthSession parent) {
        Map<String, String> credentials = context.credentials();
        String token = credentials == null ? null : credentials.get(TOKEN);
        if (token == null || token.isEmpty()) {
            return NO_USER;
        }
        return new BearerSession(token);
    }

    /**
     * A context without a user token (a server-internal session, such as the planner warm-up) may build plans that
     * read no table, but every catalog call it makes is refused before it leaves SQE.
     */
    private static final AuthSession NO_USER = new AuthSession() {
        @Override
        public HTTPRequest authenticate(HTTPRequest request) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED,
                    "the REST catalog needs an authenticated user; configure [auth]");
        }

        @Override
        public void close() {
            // nothing to release
        }
    };

    /** Keeps the user's session for table calls: a token the catalog might put in a table's config is ignored. */
    @Override
    public AuthSession tableSession(TableIdentifier table, Map<String, String> properties, AuthSession parent) {
        return parent;
    }

    /** Standalone components (not used by SQE) get no credentials. */
    @Override
    public AuthSession tableSession(RESTClient sharedClient, Map<String, String> properties) {
        return AuthSession.EMPTY;
    }

    @Override
    public void close() {
        // holds nothing
    }

    /** Adds {@code Authorization: Bearer <token>}; its toString never shows the token. */
    static final class BearerSession implements AuthSession {
        private final HTTPHeaders headers;

        BearerSession(String token) {
            this.headers = HTTPHeaders.of(Map.of("Authorization", "Bearer " + requireNonNull(token, "token is null")));
        }

        @Override
        public HTTPRequest authenticate(HTTPRequest request) {
            HTTPHeaders merged = request.headers().putIfAbsent(headers);
            return merged.equals(request.headers())
                    ? request
                    : ImmutableHTTPRequest.builder().from(request).headers(merged).build();
        }

        @Override
        public void close() {
            // nothing to release
        }

        @Override
        public String toString() {
            return "BearerSession[****]";
        }
    }
}
