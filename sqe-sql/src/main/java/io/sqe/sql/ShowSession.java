package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** {@code SHOW SESSION [LIKE 'pattern']}. */
public record ShowSession(Optional<String> likePattern) implements StatementKind {
    public ShowSession {
        requireNonNull(likePattern, "likePattern is null");
    }

    @Override
    public StatementType type() {
        return StatementType.SHOW_SESSION;
    }
}
