package io.sqe.coordinator.exec;

import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;

/** How the columnar engine holds the values of a SQL type (see {@link Column}). */
enum ValueKind {
    BOOLEAN, LONG, DOUBLE, DECIMAL, DATE, TIMESTAMP, STRING;

    /** The kind for {@code type}, or empty when the columnar engine does not handle the type yet. */
    static Optional<ValueKind> of(RelDataType type) {
        switch (type.getSqlTypeName()) {
            case BOOLEAN:
                return Optional.of(BOOLEAN);
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
                return Optional.of(LONG);
            case FLOAT:
            case DOUBLE:
                return Optional.of(DOUBLE);
            case DECIMAL:
                return Optional.of(DECIMAL);
            case DATE:
                return Optional.of(DATE);
            case TIMESTAMP:
                return Optional.of(TIMESTAMP);
            case CHAR:
            case VARCHAR:
                return Optional.of(STRING);
            default:
                return Optional.empty();
        }
    }

    static ValueKind required(RelDataType type) {
        return of(type).orElseThrow(() -> new Unsupported("type " + type.getFullTypeString()));
    }
}
