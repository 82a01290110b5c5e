package io.sqe.core.session;

/** Sees every authentication attempt (password logins and new bearer tokens), for metrics. Must not block. */
@FunctionalInterface
public interface LoginObserver {
    LoginObserver NONE = succeeded -> { };

    void attempt(boolean succeeded);
}
