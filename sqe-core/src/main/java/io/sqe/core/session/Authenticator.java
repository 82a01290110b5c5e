package io.sqe.core.session;

import io.sqe.core.session.SessionUser;

/**
 * Decides who a caller is. The session manager asks it once per login; later calls present the session token.
 * Implementations throw {@link io.sqe.core.error.SqeException} with
 * {@link io.sqe.core.error.ErrorCode#AUTHENTICATION_FAILED} and must never put a password in the message.
 */
public interface Authenticator {
    /** Verifies a user name and password and returns the user. */
    SessionUser authenticate(String user, String password);

    /** The user of a caller that sent no credentials at all; fails when credentials are required. */
    SessionUser anonymous();
}
