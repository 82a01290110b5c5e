package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

/** A configuration value that must never be printed: {@link #toString()} hides it. */
public record Secret(String value) {
    public Secret {
        requireNonNull(value, "value is null");
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "<unset>" : "****";
    }
}
