package io.sqe.core.engine;

import io.sqe.core.session.Session;

/**
 * The coordinator's entry point for statements, shared by every client protocol. A statement is parsed,
 * classified and planned once by {@link #prepare}; the plan can then be executed any number of times.
 * Every failure is a {@link io.sqe.core.error.SqeException}.
 */
public interface QueryEngine {
    /** Parses, classifies, validates and plans {@code sql} for {@code session}. Nothing runs yet. */
    StatementPlan prepare(Session session, String sql);

    /** Catalog metadata as {@code session} may see it, for protocol metadata calls. */
    CatalogMetadata metadata();
}
