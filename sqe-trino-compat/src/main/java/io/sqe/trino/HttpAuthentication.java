package io.sqe.trino;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.IssuedSession;
import io.sqe.core.session.Login;
import io.sqe.core.session.SessionManager;
import io.sqe.core.session.SessionRequest;
import io.sqe.core.session.SessionUser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Who is calling the Trino endpoint.
 *
 * <ul>
 *   <li>Authentication off (the embedded default): {@code X-Trino-User} names the user.
 *   <li>Authentication on: only {@code Authorization: Basic} (user and password, checked once and then cached as a
 *       session) or {@code Authorization: Bearer} (the identity provider's JWT) count; {@code X-Trino-User} is
 *       ignored. Anything else is answered with 401 and a {@code WWW-Authenticate} header naming both schemes.
 * </ul>
 */
final class HttpAuthentication {
    private static final String PROTOCOL = "trino";
    private static final String REALM = "SQE";

    private final SessionManager sessions;
    private final String defaultCatalog;

    HttpAuthentication(SessionManager sessions, String defaultCatalog) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.defaultCatalog = requireNonNull(defaultCatalog, "defaultCatalog is null");
    }

    /** The authenticated caller, with the user's delegated token. */
    record Caller(String user, Login login) {
        Caller {
            requireNonNull(user, "user is null");
            requireNonNull(login, "login is null");
        }
    }

    boolean required() {
        return sessions.authenticationRequired();
    }

    /**
     * The caller, or empty after answering the request with 401 (or 503 when the identity provider is down). With
     * authentication off and no {@code X-Trino-User}, the caller is empty too but nothing is answered: the endpoint
     * decides whether it needs a user.
     */
    Optional<Caller> authenticate(Context context) {
        if (!required()) {
            return Optional.ofNullable(context.header(TrinoHeaders.USER))
                    .filter(user -> !user.isBlank())
                    .map(user -> new Caller(user, Login.of(SessionUser.of(user))));
        }
        String authorization = context.header("Authorization");
        try {
            if (authorization == null || authorization.isBlank()) {
                throw new SqeException(ErrorCode.AUTHENTICATION_FAILED,
                        "authentication required: send a user and password (Basic) or a bearer token");
            }
            IssuedSession session = login(authorization.strip(), new SessionRequest(context.ip(), PROTOCOL,
                    defaultCatalog, Optional.empty()));
            SessionUser user = session.session().user();
            return Optional.of(new Caller(user.name(), new Login(user, session.session().delegatedToken())));
        } catch (SqeException e) {
            if (e.errorCode() == ErrorCode.AUTHENTICATION_FAILED) {
                context.status(401);
                context.res().addHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                context.res().addHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"");
            } else {
                // Not 503: Trino clients retry that for minutes, and an unusable identity provider is for the
                // operator to fix; the message says what failed.
                context.status(500);
            }
            context.contentType("text/plain").result(e.getMessage());
            return Optional.empty();
        }
    }

    private IssuedSession login(String authorization, SessionRequest request) {
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String credentials = space < 0 ? "" : authorization.substring(space + 1).strip();
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "bearer":
                return sessions.bearer(credentials, request);
            case "basic":
                String[] userAndPassword = decodeBasic(credentials);
                return sessions.basic(userAndPassword[0], userAndPassword[1], request);
            default:
                throw new SqeException(ErrorCode.AUTHENTICATION_FAILED,
                        "unsupported Authorization scheme; use Basic (user and password) or Bearer (a token)");
        }
    }

    private static String[] decodeBasic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformedBasic();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw malformedBasic();
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static SqeException malformedBasic() {
        return new SqeException(ErrorCode.AUTHENTICATION_FAILED,
                "malformed Basic credentials; send base64(user:password)");
    }
}
