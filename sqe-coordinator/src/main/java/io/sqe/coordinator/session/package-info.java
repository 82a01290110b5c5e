/**
 * Client sessions: who is calling ({@link io.sqe.coordinator.session.Authenticator}) and the opaque bearer
 * tokens that name their sessions ({@link io.sqe.coordinator.session.SessionManager}). Protocol edges such as
 * Flight SQL authenticate a caller once, hand out a token, and resolve the token to a
 * {@link io.sqe.core.session.Session} on every later call.
 */
package io.sqe.coordinator.session;
