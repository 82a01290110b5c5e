package io.sqe.sql;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.sql.DataType.Base;
import java.util.Optional;
import java.util.Set;

/** Parses Trino type spellings in column definitions into {@link DataType}. */
final class DataTypeParser {
    private static final String TYPE = "<type>";
    /** Trino types Iceberg cannot store in SQE yet: a clearer error than "unknown type". */
    private static final Set<String> UNSUPPORTED = Set.of(
            "array", "map", "row", "json", "uuid", "interval", "ipaddress", "hyperloglog", "qdigest", "tdigest",
            "geometry", "sphericalgeography", "varchar2", "binary");

    private DataTypeParser() {}

    static DataType parse(TokenCursor cursor) {
        if (cursor.atEnd() || cursor.peek(0).orElseThrow().type() != Token.Type.WORD) {
            throw cursor.unexpected(TYPE);
        }
        int start = cursor.offset();
        Token name = cursor.advance();
        try {
            return parse(cursor, name, start);
        } catch (SqeException e) {
            if (e.location().isPresent()) {
                throw e;
            }
            // DataType validates its parameters; add where the type was written
            throw cursor.error(e.errorCode(), start, e.getMessage());
        }
    }

    private static DataType parse(TokenCursor cursor, Token name, int start) {
        switch (name.value()) {
            case "boolean":
                return DataType.of(Base.BOOLEAN);
            case "tinyint":
                return DataType.of(Base.TINYINT);
            case "smallint":
                return DataType.of(Base.SMALLINT);
            case "int":
            case "integer":
                return DataType.of(Base.INTEGER);
            case "bigint":
                return DataType.of(Base.BIGINT);
            case "real":
            case "float":
                return DataType.of(Base.REAL);
            case "double":
                cursor.consumeKeywords("precision");
                return DataType.of(Base.DOUBLE);
            case "decimal":
            case "numeric":
                return decimal(cursor);
            case "varchar":
                return optionalLength(cursor).map(DataType::varchar).orElse(DataType.of(Base.VARCHAR));
            case "char":
            case "character":
                if (cursor.consumeKeywords("varying")) {
                    return optionalLength(cursor).map(DataType::varchar).orElse(DataType.of(Base.VARCHAR));
                }
                return optionalLength(cursor).map(DataType::character).orElse(DataType.of(Base.CHAR));
            case "varbinary":
                return DataType.of(Base.VARBINARY);
            case "date":
                return DataType.of(Base.DATE);
            case "time":
                return time(cursor, start);
            case "timestamp":
                return timestamp(cursor);
            default:
                if (UNSUPPORTED.contains(name.value())) {
                    throw cursor.error(ErrorCode.NOT_SUPPORTED, start, "type '" + name.value()
                            + "' is not supported; use boolean, integer types, real, double, decimal, varchar, char,"
                            + " varbinary, date, time or timestamp");
                }
                throw cursor.error(ErrorCode.TYPE_NOT_FOUND, start, "Unknown type '" + name.text() + "'");
        }
    }

    private static DataType decimal(TokenCursor cursor) {
        if (!cursor.consumeSymbol("(")) {
            return DataType.of(Base.DECIMAL);
        }
        int precision = integer(cursor);
        int scale = 0;
        if (cursor.consumeSymbol(",")) {
            scale = integer(cursor);
        } else if (!cursor.nextIsSymbol(0, ")")) {
            throw cursor.unexpected(",", ")");
        }
        cursor.expectSymbol(")");
        return DataType.decimal(precision, scale);
    }

    private static DataType time(TokenCursor cursor, int start) {
        int precision = optionalLength(cursor).orElse(DataType.DEFAULT_TIME_PRECISION);
        if (cursor.consumeKeywords("with", "time", "zone")) {
            throw cursor.error(ErrorCode.NOT_SUPPORTED, start,
                    "type 'time with time zone' is not supported: Iceberg has no such type; use time or timestamp"
                            + " with time zone");
        }
        cursor.consumeKeywords("without", "time", "zone");
        return DataType.time(precision);
    }

    private static DataType timestamp(TokenCursor cursor) {
        int precision = optionalLength(cursor).orElse(DataType.DEFAULT_TIME_PRECISION);
        if (cursor.consumeKeywords("with", "time", "zone")) {
            return DataType.timestampWithTimeZone(precision);
        }
        cursor.consumeKeywords("without", "time", "zone");
        return DataType.timestamp(precision);
    }

    private static Optional<Integer> optionalLength(TokenCursor cursor) {
        if (!cursor.consumeSymbol("(")) {
            return Optional.empty();
        }
        int value = integer(cursor);
        cursor.expectSymbol(")");
        return Optional.of(value);
    }

    private static int integer(TokenCursor cursor) {
        Token token = cursor.peek(0).orElse(null);
        if (token == null || token.type() != Token.Type.NUMBER || !token.text().chars().allMatch(Character::isDigit)) {
            throw cursor.unexpected(TokenCursor.NUMBER);
        }
        cursor.advance();
        try {
            return Integer.parseInt(token.text());
        } catch (NumberFormatException e) {
            throw cursor.error(ErrorCode.INVALID_ARGUMENTS, token.start(),
                    "type parameter " + token.text() + " is too large");
        }
    }
}
