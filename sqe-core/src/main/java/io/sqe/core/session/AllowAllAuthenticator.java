package io.sqe.core.session;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;

/**
 * Authentication off (the embedded default): any password is accepted and the declared user name is recorded.
 * A caller without credentials becomes {@value #ANONYMOUS_USER}. Bearer tokens cannot be checked, so they are refused
 * rather than trusted.
 */
public final class AllowAllAuthenticator implements Authenticator {
    public static final String ANONYMOUS_USER = "anonymous";

    @Override
    public Login authenticate(String user, String password) {
        if (user == null || user.isBlank()) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "a user name is required; pass a non-empty user");
        }
        return Login.of(SessionUser.of(user.strip()));
    }

    @Override
    public Login authenticateBearer(String token) {
        throw new SqeException(ErrorCode.AUTHENTICATION_FAILED,
                "this server has authentication off and cannot verify bearer tokens; connect with a user name");
    }

    @Override
    public SessionUser anonymous() {
        return SessionUser.of(ANONYMOUS_USER);
    }

    @Override
    public boolean required() {
        return false;
    }
}
