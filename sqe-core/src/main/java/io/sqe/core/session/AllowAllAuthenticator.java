package io.sqe.core.session;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.SessionUser;

/**
 * Authentication off (the embedded default): any password is accepted and the declared user name is recorded.
 * A caller without credentials becomes {@value #ANONYMOUS_USER}.
 */
public final class AllowAllAuthenticator implements Authenticator {
    public static final String ANONYMOUS_USER = "anonymous";

    @Override
    public SessionUser authenticate(String user, String password) {
        if (user == null || user.isBlank()) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "a user name is required; pass a non-empty user");
        }
        return SessionUser.of(user.strip());
    }

    @Override
    public SessionUser anonymous() {
        return SessionUser.of(ANONYMOUS_USER);
    }
}
