package io.sqe.trino;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One result column as Trino's clients describe it: the type as text ({@code timestamp(6)}) and its signature,
 * a raw type with numeric arguments ({@code timestamp}, [6]).
 */
record TrinoColumn(String name, String type, String rawType, List<Long> arguments) {
    TrinoColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(rawType, "rawType is null");
        arguments = List.copyOf(requireNonNull(arguments, "arguments is null"));
    }

    static TrinoColumn simple(String name, String type) {
        return new TrinoColumn(name, type, type, List.of());
    }
}
