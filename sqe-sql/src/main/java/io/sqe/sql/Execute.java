package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** {@code EXECUTE name [USING expression, ...]}; each parameter is the text of one expression, as written. */
public record Execute(String name, List<String> parameters) implements StatementKind {
    public Execute {
        requireNonNull(name, "name is null");
        parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
    }

    @Override
    public StatementType type() {
        return StatementType.EXECUTE;
    }
}
