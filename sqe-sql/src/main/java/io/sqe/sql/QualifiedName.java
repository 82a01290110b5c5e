package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A dotted name of one to three parts ({@code table}, {@code schema.table}, {@code catalog.schema.table}), each part
 * already case-folded: unquoted names are lower case, quoted names keep their case.
 */
public record QualifiedName(List<String> parts) {
    public static final int MAX_PARTS = 3;

    public QualifiedName {
        parts = List.copyOf(requireNonNull(parts, "parts is null"));
        if (parts.isEmpty() || parts.size() > MAX_PARTS) {
            throw new IllegalArgumentException("a qualified name has 1 to 3 parts: " + parts);
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("a qualified name part is empty: " + parts);
            }
        }
    }

    public static QualifiedName of(String... parts) {
        return new QualifiedName(List.of(parts));
    }

    /** The last part: the object's own name. */
    public String last() {
        return parts.get(parts.size() - 1);
    }

    /** Every part but the last, when there is more than one part. */
    public Optional<QualifiedName> prefix() {
        if (parts.size() == 1) {
            return Optional.empty();
        }
        return Optional.of(new QualifiedName(parts.subList(0, parts.size() - 1)));
    }

    public int size() {
        return parts.size();
    }

    /** The parts joined with dots, unquoted. */
    @Override
    public String toString() {
        return String.join(".", parts);
    }
}
