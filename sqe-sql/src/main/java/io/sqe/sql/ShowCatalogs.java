package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** {@code SHOW CATALOGS [LIKE 'pattern']}. */
public record ShowCatalogs(Optional<String> likePattern) implements StatementKind {
    public ShowCatalogs {
        requireNonNull(likePattern, "likePattern is null");
    }

    @Override
    public StatementType type() {
        return StatementType.SHOW_CATALOGS;
    }
}
