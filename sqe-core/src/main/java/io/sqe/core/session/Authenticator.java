package io.sqe.core.session;

/**
 * Decides who a caller is. The session manager asks it once per login (or once per distinct bearer token); later
 * calls present the session token. Implementations throw {@link io.sqe.core.error.SqeException} with
 * {@link io.sqe.core.error.ErrorCode#AUTHENTICATION_FAILED} and must never put a password or token in the message.
 */
public interface Authenticator {
    /** Verifies a user name and password and returns the user. */
    Login authenticate(String user, String password);

    /** Verifies a bearer token issued by the identity provider (a JWT) and returns its user. */
    Login authenticateBearer(String token);

    /** The user of a caller that sent no credentials at all; fails when credentials are required. */
    SessionUser anonymous();

    /** Whether this authenticator checks anything; false only for the embedded default with auth off. */
    boolean required();
}
