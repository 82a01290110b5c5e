package io.sqe.catalog;

import static java.util.Objects.requireNonNull;

import io.sqe.core.session.Session;

/** One catalog for every session: the embedded catalog, where all users see the same tables. */
public final class SharedSessionCatalogs implements SessionCatalogs {
    private final SessionCatalog catalog;
    private final AutoCloseable owned;

    /** @param owned closed with this object (the Iceberg catalog behind {@code catalog}) */
    public SharedSessionCatalogs(SessionCatalog catalog, AutoCloseable owned) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.owned = requireNonNull(owned, "owned is null");
    }

    @Override
    public String name() {
        return catalog.name();
    }

    @Override
    public SessionCatalog forSession(Session session) {
        requireNonNull(session, "session is null");
        return catalog;
    }

    @Override
    public boolean reachable() {
        catalog.listSchemas();
        return true;
    }

    @Override
    public void close() {
        try {
            owned.close();
        } catch (Exception e) {
            throw new IllegalStateException("Failed to close catalog " + catalog.name(), e);
        }
    }
}
