/**
 * Who is asking: {@link io.sqe.core.session.Session} and its user, and the {@link io.sqe.core.session.SessionManager}
 * that authenticates clients (through an {@link io.sqe.core.session.Authenticator}) and maps opaque bearer tokens
 * to sessions with idle and absolute expiry. Shared by every client protocol.
 */
package io.sqe.core.session;
