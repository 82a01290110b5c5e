package io.sqe.catalog;

import io.sqe.core.session.Session;

/**
 * The catalog as each session sees it. With the embedded catalog every session shares one; with a REST catalog each
 * user identity (user and token) gets its own view, calling the catalog with that user's bearer token, so the
 * catalog's answer about what a user may list and load is final.
 */
public interface SessionCatalogs extends AutoCloseable {
    /** The catalog name users write in SQL, such as {@code iceberg}. */
    String name();

    /** The catalog for one session's statements. */
    SessionCatalog forSession(Session session);

    /** Whether the catalog answers at all (readiness); throws or returns false when it does not. */
    boolean reachable();

    @Override
    void close();
}
