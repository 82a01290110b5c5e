package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** {@code SHOW FUNCTIONS [LIKE 'pattern']}. */
public record ShowFunctions(Optional<String> likePattern) implements StatementKind {
    public ShowFunctions {
        requireNonNull(likePattern, "likePattern is null");
    }

    @Override
    public StatementType type() {
        return StatementType.SHOW_FUNCTIONS;
    }
}
