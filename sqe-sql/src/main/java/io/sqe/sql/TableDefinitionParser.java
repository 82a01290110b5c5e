package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.sql.SqlNode;

/**
 * The rest of {@code CREATE TABLE} after the keywords: a table with column definitions, or CREATE TABLE AS SELECT.
 * A parenthesized list of bare names ({@code (a, b)}) is a CTAS column alias list; anything else in parentheses is
 * column definitions.
 */
final class TableDefinitionParser {
    private static final String TABLE_NAME = "table name";
    private static final String TABLE_SHAPE = "[catalog.][schema.]table";

    private final TokenCursor cursor;
    private final StatementParser statements;

    TableDefinitionParser(TokenCursor cursor, StatementParser statements) {
        this.cursor = requireNonNull(cursor, "cursor is null");
        this.statements = requireNonNull(statements, "statements is null");
    }

    StatementKind createTable() {
        boolean ifNotExists = cursor.consumeKeywords("if", "not", "exists");
        QualifiedName name = StatementParser.qualifiedName(cursor, 3, TABLE_NAME, TABLE_SHAPE);
        if (cursor.nextIsSymbol(0, "(") && !nextIsAliasList()) {
            return withColumns(name, ifNotExists);
        }
        return asSelect(name, ifNotExists);
    }

    private boolean nextIsAliasList() {
        return cursor.peek(1).map(Token::isIdentifier).orElse(false)
                && (cursor.nextIsSymbol(2, ",") || cursor.nextIsSymbol(2, ")"));
    }

    private CreateTable withColumns(QualifiedName name, boolean ifNotExists) {
        cursor.expectSymbol("(");
        int listStart = cursor.offset();
        List<ColumnDefinition> columns = new ArrayList<>();
        do {
            columns.add(column());
        } while (cursor.consumeSymbol(","));
        cursor.expectSymbol(")");
        StatementParser.requireDistinct(cursor.source(), columns.stream().map(ColumnDefinition::name).toList(),
                listStart, "Column name");
        Optional<String> comment = comment();
        Map<String, PropertyValue> properties = properties();
        if (!cursor.atEnd()) {
            throw cursor.unexpected(remainingClauses(comment, properties, TokenCursor.EOF));
        }
        return new CreateTable(name, columns, properties, ifNotExists, comment);
    }

    private ColumnDefinition column() {
        String name = cursor.identifier();
        DataType type = DataTypeParser.parse(cursor);
        boolean nullable = !cursor.consumeKeywords("not", "null");
        Optional<String> comment = comment();
        if (!cursor.nextIsSymbol(0, ",") && !cursor.nextIsSymbol(0, ")")) {
            List<String> expected = new ArrayList<>(List.of(",", ")"));
            if (nullable && comment.isEmpty()) {
                expected.add("NOT");
            }
            if (comment.isEmpty()) {
                expected.add("COMMENT");
            }
            throw cursor.unexpected(expected.toArray(String[]::new));
        }
        return new ColumnDefinition(name, type, nullable, comment);
    }

    private CreateTableAsSelect asSelect(QualifiedName name, boolean ifNotExists) {
        Optional<List<String>> aliases = Optional.empty();
        if (cursor.consumeSymbol("(")) {
            int listStart = cursor.offset();
            List<String> names = cursor.identifierListUntilClose();
            StatementParser.requireDistinct(cursor.source(), names, listStart, "Column alias");
            aliases = Optional.of(names);
        }
        Optional<String> comment = comment();
        Map<String, PropertyValue> properties = properties();
        if (!cursor.consumeKeywords("as")) {
            List<String> expected = new ArrayList<>();
            if (aliases.isEmpty() && comment.isEmpty() && properties.isEmpty()) {
                expected.add("(");
            }
            expected.addAll(List.of(remainingClauses(comment, properties, "AS")));
            throw cursor.unexpected(expected.toArray(String[]::new));
        }
        int end = cursor.limit();
        boolean withData = true;
        List<Token> tokens = cursor.tokens();
        if (end - cursor.index() >= 3 && tokens.get(end - 3).isKeyword("with") && tokens.get(end - 2).isKeyword("no")
                && tokens.get(end - 1).isKeyword("data")) {
            end -= 3;
            withData = false;
        } else if (end - cursor.index() >= 2 && tokens.get(end - 2).isKeyword("with")
                && tokens.get(end - 1).isKeyword("data")) {
            end -= 2;
        }
        SqlNode query = statements.query(cursor, end);
        return new CreateTableAsSelect(name, aliases, properties, ifNotExists, query, withData, comment);
    }

    private String[] remainingClauses(Optional<String> comment, Map<String, PropertyValue> properties, String last) {
        List<String> expected = new ArrayList<>();
        if (comment.isEmpty() && properties.isEmpty()) {
            expected.add("COMMENT");
        }
        if (properties.isEmpty()) {
            expected.add("WITH");
        }
        expected.add(last);
        return expected.toArray(String[]::new);
    }

    private Optional<String> comment() {
        if (cursor.consumeKeywords("comment")) {
            return Optional.of(cursor.stringLiteral());
        }
        return Optional.empty();
    }

    /** {@code WITH (key = value, ...)}; keys fold like identifiers and may not repeat. */
    private Map<String, PropertyValue> properties() {
        if (!cursor.nextIsKeyword("with") || !cursor.nextIsSymbol(1, "(")) {
            return Map.of();
        }
        cursor.expectKeyword("with");
        cursor.expectSymbol("(");
        Map<String, PropertyValue> properties = new LinkedHashMap<>();
        do {
            int keyOffset = cursor.offset();
            String key = cursor.identifier();
            cursor.expectSymbol("=");
            if (properties.put(key, propertyValue()) != null) {
                throw cursor.error(ErrorCode.INVALID_ARGUMENTS, keyOffset,
                        "property '" + key + "' is specified more than once");
            }
        } while (cursor.consumeSymbol(","));
        if (!cursor.consumeSymbol(")")) {
            throw cursor.unexpected(",", ")");
        }
        return properties;
    }

    private PropertyValue propertyValue() {
        Token token = cursor.peek(0).orElse(null);
        if (token != null && token.type() == Token.Type.STRING) {
            return new PropertyValue.StringValue(cursor.stringLiteral());
        }
        if (token != null && token.type() == Token.Type.NUMBER) {
            return new PropertyValue.NumberValue(new BigDecimal(cursor.advance().text()));
        }
        if (token != null && (token.isSymbol("-") || token.isSymbol("+"))
                && cursor.peek(1).map(next -> next.type() == Token.Type.NUMBER).orElse(false)) {
            cursor.advance();
            BigDecimal number = new BigDecimal(cursor.advance().text());
            return new PropertyValue.NumberValue(token.isSymbol("-") ? number.negate() : number);
        }
        if (cursor.consumeKeywords("true")) {
            return new PropertyValue.BooleanValue(true);
        }
        if (cursor.consumeKeywords("false")) {
            return new PropertyValue.BooleanValue(false);
        }
        if (cursor.consumeKeywords("array")) {
            cursor.expectSymbol("[");
            List<String> values = new ArrayList<>();
            if (!cursor.consumeSymbol("]")) {
                do {
                    values.add(cursor.stringLiteral());
                } while (cursor.consumeSymbol(","));
                if (!cursor.consumeSymbol("]")) {
                    throw cursor.unexpected(",", "]");
                }
            }
            return new PropertyValue.StringArrayValue(values);
        }
        throw cursor.unexpected(TokenCursor.STRING, TokenCursor.NUMBER, "TRUE", "FALSE", "ARRAY");
    }
}
