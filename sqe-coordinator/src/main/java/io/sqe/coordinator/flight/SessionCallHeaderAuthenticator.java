package io.sqe.coordinator.flight;

import io.sqe.worker.FlightErrorTranslator;
import static java.util.Objects.requireNonNull;

import io.sqe.core.session.IssuedSession;
import io.sqe.core.session.SessionManager;
import io.sqe.core.session.SessionRequest;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Authenticates every Flight call from its headers and makes the session token the call's peer identity.
 * <ul>
 *   <li>{@code Authorization: Basic} opens a session and answers with {@code Authorization: Bearer <token>}
 *       (the handshake of {@code FlightClient.authenticateBasicToken}).</li>
 *   <li>{@code Authorization: Bearer <token>} resumes that session; a JWT from the identity provider instead is
 *       verified and mapped to one cached session per token.</li>
 *   <li>No credentials: a session cookie ({@value #SESSION_COOKIE}) resumes its session; otherwise an anonymous
 *       session is opened, if the authenticator allows it, and both the bearer header and the cookie are sent
 *       back so that clients that keep either one stay in that session.</li>
 * </ul>
 */
public final class SessionCallHeaderAuthenticator implements CallHeaderAuthenticator {
    public static final String SESSION_COOKIE = "sqe_session";
    static final String PROTOCOL = "flight-sql";
    private static final String UNKNOWN_ADDRESS = "unknown";

    private final SessionManager sessions;
    private final String defaultCatalog;

    public SessionCallHeaderAuthenticator(SessionManager sessions, String defaultCatalog) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.defaultCatalog = requireNonNull(defaultCatalog, "defaultCatalog is null");
    }

    @Override
    public AuthResult authenticate(CallHeaders incomingHeaders) {
        try {
            return authenticateOrThrow(incomingHeaders);
        } catch (RuntimeException e) {
            throw FlightErrorTranslator.translate(e);
        }
    }

    private AuthResult authenticateOrThrow(CallHeaders headers) {
        String bearer = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BEARER_PREFIX);
        if (bearer != null) {
            String token = sessions.bearer(bearer.strip(), newSessionRequest(headers)).token();
            return () -> token;
        }
        String basic = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BASIC_PREFIX);
        if (basic != null) {
            String[] credentials = decodeBasic(basic.strip());
            return issued(sessions.login(credentials[0], credentials[1], newSessionRequest(headers)), false);
        }
        if (headers.containsKey(Auth2Constants.AUTHORIZATION_HEADER)) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED,
                    "unsupported Authorization scheme; use Basic (user and password) or Bearer (a session token)");
        }
        Optional<String> cookie = sessionCookie(headers);
        if (cookie.isPresent() && sessions.resume(cookie.get()).isPresent()) {
            String token = cookie.get();
            return () -> token;
        }
        return issued(sessions.loginAnonymous(newSessionRequest(headers)), true);
    }

    private SessionRequest newSessionRequest(CallHeaders headers) {
        String address = headers.containsKey(PeerAddressInterceptor.HEADER)
                ? headers.get(PeerAddressInterceptor.HEADER) : UNKNOWN_ADDRESS;
        return new SessionRequest(address, PROTOCOL, defaultCatalog, Optional.empty());
    }

    private static AuthResult issued(IssuedSession issued, boolean setCookie) {
        String token = issued.token();
        return new AuthResult() {
            @Override
            public String getPeerIdentity() {
                return token;
            }

            @Override
            public void appendToOutgoingHeaders(CallHeaders outgoingHeaders) {
                outgoingHeaders.insert(Auth2Constants.AUTHORIZATION_HEADER, Auth2Constants.BEARER_PREFIX + token);
                if (setCookie) {
                    outgoingHeaders.insert("set-cookie", SESSION_COOKIE + "=" + token + "; HttpOnly");
                }
            }
        };
    }

    private static String[] decodeBasic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "malformed Basic credentials; send base64(user:password)");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "malformed Basic credentials; send base64(user:password)");
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static Optional<String> sessionCookie(CallHeaders headers) {
        if (!headers.containsKey("cookie")) {
            return Optional.empty();
        }
        for (String header : headers.getAll("cookie")) {
            for (String part : header.split(";")) {
                String cookie = part.strip();
                if (cookie.startsWith(SESSION_COOKIE + "=")) {
                    return Optional.of(cookie.substring(SESSION_COOKIE.length() + 1));
                }
            }
        }
        return Optional.empty();
    }
}
