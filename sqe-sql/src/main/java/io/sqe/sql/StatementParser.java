package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlNode;

/**
 * Recursive descent over the tokens of one statement for the statements Calcite's parser does not know (Trino's DDL,
 * SHOW, DESCRIBE, USE); queries and the query parts of INSERT, CREATE TABLE AS and EXPLAIN go to {@link QueryParser}.
 */
final class StatementParser {
    private static final String[] STATEMENT_STARTS = {
        "SELECT", "WITH", "VALUES", "INSERT", "CREATE", "DROP", "SHOW", "DESCRIBE", "USE", "EXPLAIN"
    };
    private static final String[] QUERY_STARTS = {"SELECT", "WITH", "VALUES", "TABLE", "("};
    /** Statements SQL users may try that SQE does not run: a clear NOT_SUPPORTED instead of a syntax error. */
    private static final Set<String> UNSUPPORTED_STATEMENTS = Set.of(
            "alter", "update", "delete", "merge", "grant", "revoke", "deny", "set", "reset", "call", "comment", "start", "commit", "rollback", "truncate", "analyze", "refresh");
    private static final Set<String> UNSUPPORTED_SHOW = Set.of(
            "stats", "grants", "roles", "role", "current", "branches");

    private final SourceText source;
    private final List<Token> tokens;
    private final QueryParser queryParser;

    StatementParser(SourceText source, List<Token> tokens) {
        this.source = requireNonNull(source, "source is null");
        this.tokens = List.copyOf(requireNonNull(tokens, "tokens is null"));
        this.queryParser = new QueryParser(source);
    }

    /** Parses the tokens {@code [start, limit)} as one statement. */
    StatementKind parse(int start, int limit) {
        TokenCursor cursor = new TokenCursor(source, tokens, start, limit);
        if (isQueryStart(cursor)) {
            return new Query(queryParser.parse(tokens, start, limit));
        }
        Token first = cursor.peek(0).orElseThrow(() -> cursor.unexpected(STATEMENT_STARTS));
        if (first.type() == Token.Type.WORD) {
            switch (first.value()) {
                case "explain":
                    return explain(cursor);
                case "create":
                    return create(cursor);
                case "drop":
                    return drop(cursor);
                case "insert":
                    return insert(cursor);
                case "show":
                    return show(cursor);
                case "describe":
                case "desc":
                    return describe(cursor);
                case "use":
                    return use(cursor);
                case "prepare":
                    return prepare(cursor);
                case "execute":
                    return execute(cursor);
                case "deallocate":
                    return deallocate(cursor);
                case "set":
                case "reset":
                    if (cursor.nextIsKeyword(1, "session") && !cursor.nextIsKeyword(2, "authorization")) {
                        return session(cursor);
                    }
                    throw notSupported(first.start(), first.upperText() + " statements are not supported");
                default:
                    if (UNSUPPORTED_STATEMENTS.contains(first.value())) {
                        throw notSupported(first.start(), first.upperText() + " statements are not supported");
                    }
            }
        }
        throw cursor.unexpected(STATEMENT_STARTS);
    }

    private StatementKind explain(TokenCursor cursor) {
        cursor.expectKeyword("explain");
        boolean analyze = cursor.consumeKeywords("analyze");
        if (cursor.nextIsSymbol(0, "(") && (cursor.nextIsKeyword(1, "type") || cursor.nextIsKeyword(1, "format"))) {
            throw notSupported(cursor.offset(), "EXPLAIN options (TYPE, FORMAT) are not supported");
        }
        int innerStart = cursor.offset();
        StatementKind statement = parse(cursor.index(), cursor.limit());
        if (!Explain.isExplainable(statement.type())) {
            throw notSupported(innerStart, "EXPLAIN supports queries, INSERT and CREATE TABLE AS SELECT, not "
                    + statement.type().name().replace('_', ' '));
        }
        return new Explain(statement, analyze);
    }

    private StatementKind create(TokenCursor cursor) {
        int start = cursor.offset();
        cursor.expectKeyword("create");
        if (cursor.consumeKeywords("schema")) {
            boolean ifNotExists = cursor.consumeKeywords("if", "not", "exists");
            QualifiedName name = qualifiedName(cursor, 2, "schema name", "[catalog.]schema");
            cursor.expectEnd();
            return new CreateSchema(name, ifNotExists);
        }
        if (cursor.consumeKeywords("table")) {
            return new TableDefinitionParser(cursor, this).createTable();
        }
        if (cursor.nextIsKeyword("or") || cursor.nextIsKeyword("view") || cursor.nextIsKeyword("materialized")
                || cursor.nextIsKeyword("role") || cursor.nextIsKeyword("function")) {
            throw notSupported(start, "CREATE " + cursor.peek(0).orElseThrow().upperText() + " is not supported");
        }
        throw cursor.unexpected("SCHEMA", "TABLE");
    }

    private StatementKind drop(TokenCursor cursor) {
        int start = cursor.offset();
        cursor.expectKeyword("drop");
        if (cursor.consumeKeywords("schema")) {
            boolean ifExists = cursor.consumeKeywords("if", "exists");
            QualifiedName name = qualifiedName(cursor, 2, "schema name", "[catalog.]schema");
            boolean cascade = cursor.consumeKeywords("cascade");
            if (!cascade) {
                cursor.consumeKeywords("restrict");
            }
            if (!cursor.atEnd()) {
                throw cursor.unexpected("CASCADE", "RESTRICT", TokenCursor.EOF);
            }
            return new DropSchema(name, ifExists, cascade);
        }
        if (cursor.consumeKeywords("table")) {
            boolean ifExists = cursor.consumeKeywords("if", "exists");
            QualifiedName name = qualifiedName(cursor, 3, "table name", "[catalog.][schema.]table");
            cursor.expectEnd();
            return new DropTable(name, ifExists);
        }
        if (cursor.nextIsKeyword("view") || cursor.nextIsKeyword("materialized") || cursor.nextIsKeyword("role")
                || cursor.nextIsKeyword("function")) {
            throw notSupported(start, "DROP " + cursor.peek(0).orElseThrow().upperText() + " is not supported");
        }
        throw cursor.unexpected("SCHEMA", "TABLE");
    }

    private StatementKind insert(TokenCursor cursor) {
        cursor.expectKeyword("insert");
        cursor.expectKeyword("into");
        QualifiedName table = qualifiedName(cursor, 3, "table name", "[catalog.][schema.]table");
        Optional<List<String>> columns = Optional.empty();
        if (cursor.nextIsSymbol(0, "(") && !isQueryStartAt(cursor, 1)) {
            cursor.expectSymbol("(");
            int listStart = cursor.offset();
            List<String> names = cursor.identifierListUntilClose();
            requireDistinct(source, names, listStart, "Insert column name");
            columns = Optional.of(names);
        }
        return new Insert(table, columns, query(cursor, cursor.limit()));
    }

    private StatementKind show(TokenCursor cursor) {
        int start = cursor.offset();
        cursor.expectKeyword("show");
        if (cursor.consumeKeywords("catalogs")) {
            return new ShowCatalogs(likePattern(cursor));
        }
        if (cursor.consumeKeywords("schemas")) {
            Optional<String> catalog = Optional.empty();
            if (cursor.consumeKeywords("from") || cursor.consumeKeywords("in")) {
                catalog = Optional.of(qualifiedName(cursor, 1, "catalog name", "catalog").last());
            }
            return new ShowSchemas(catalog, likePattern(cursor));
        }
        if (cursor.consumeKeywords("tables")) {
            Optional<QualifiedName> schema = Optional.empty();
            if (cursor.consumeKeywords("from") || cursor.consumeKeywords("in")) {
                schema = Optional.of(qualifiedName(cursor, 2, "schema name", "[catalog.]schema"));
            }
            return new ShowTables(schema, likePattern(cursor));
        }
        if (cursor.consumeKeywords("columns")) {
            if (!cursor.consumeKeywords("from") && !cursor.consumeKeywords("in")) {
                throw cursor.unexpected("FROM", "IN");
            }
            QualifiedName table = qualifiedName(cursor, 3, "table name", "[catalog.][schema.]table");
            cursor.expectEnd();
            return new ShowColumns(table);
        }
        if (cursor.consumeKeywords("session")) {
            return new ShowSession(likePattern(cursor));
        }
        if (cursor.consumeKeywords("functions")) {
            return new ShowFunctions(likePattern(cursor));
        }
        if (cursor.consumeKeywords("create", "table")) {
            QualifiedName table = qualifiedName(cursor, 3, "table name", "[catalog.][schema.]table");
            cursor.expectEnd();
            return new ShowCreateTable(table);
        }
        if (cursor.consumeKeywords("create")) {
            if (cursor.nextIsKeyword("schema") || cursor.nextIsKeyword("view") || cursor.nextIsKeyword("materialized")
                    || cursor.nextIsKeyword("function")) {
                throw notSupported(start, "SHOW CREATE " + cursor.peek(0).orElseThrow().upperText()
                        + " is not supported");
            }
            throw cursor.unexpected("TABLE");
        }
        Optional<Token> next = cursor.peek(0);
        if (next.isPresent() && next.get().type() == Token.Type.WORD
                && UNSUPPORTED_SHOW.contains(next.get().value())) {
            throw notSupported(start, "SHOW " + next.get().upperText() + " is not supported");
        }
        throw cursor.unexpected("CATALOGS", "SCHEMAS", "TABLES", "COLUMNS", "CREATE", "SESSION", "FUNCTIONS");
    }

    private StatementKind describe(TokenCursor cursor) {
        int start = cursor.offset();
        cursor.advance();
        if ((cursor.nextIsKeyword("input") || cursor.nextIsKeyword("output")) && cursor.peek(1).isPresent()) {
            throw notSupported(start, "DESCRIBE " + cursor.peek(0).orElseThrow().upperText() + " is not supported");
        }
        QualifiedName table = qualifiedName(cursor, 3, "table name", "[catalog.][schema.]table");
        cursor.expectEnd();
        return new ShowColumns(table);
    }

    private StatementKind use(TokenCursor cursor) {
        cursor.expectKeyword("use");
        QualifiedName name = qualifiedName(cursor, 2, "schema name", "[catalog.]schema");
        cursor.expectEnd();
        return new Use(name.prefix().map(QualifiedName::last), name.last());
    }

    private StatementKind prepare(TokenCursor cursor) {
        cursor.expectKeyword("prepare");
        String name = cursor.identifier();
        cursor.expectKeyword("from");
        int innerStart = cursor.offset();
        StatementKind inner = parse(cursor.index(), cursor.limit());
        if (isSessionStatement(inner.type())) {
            throw notSupported(innerStart, inner.type().name().replace('_', ' ') + " cannot be prepared");
        }
        return new Prepare(name, text(cursor.index(), cursor.limit()));
    }

    private StatementKind execute(TokenCursor cursor) {
        cursor.expectKeyword("execute");
        if (cursor.consumeKeywords("immediate")) {
            String statement = cursor.stringLiteral();
            return new ExecuteImmediate(statement, usingParameters(cursor));
        }
        String name = cursor.identifier();
        return new Execute(name, usingParameters(cursor));
    }

    /** {@code [USING expression, ...]} to the end of the statement, split at commas outside brackets. */
    private List<String> usingParameters(TokenCursor cursor) {
        if (cursor.atEnd()) {
            return List.of();
        }
        cursor.expectKeyword("using");
        List<String> parameters = new ArrayList<>();
        int depth = 0;
        int start = cursor.index();
        while (!cursor.atEnd()) {
            Token token = cursor.peek(0).orElseThrow();
            if (token.isSymbol("(") || token.isSymbol("[")) {
                depth++;
            } else if (token.isSymbol(")") || token.isSymbol("]")) {
                depth--;
            } else if (depth == 0 && token.isSymbol(",")) {
                if (cursor.index() == start) {
                    throw cursor.unexpected("<expression>");
                }
                parameters.add(text(start, cursor.index()));
                start = cursor.index() + 1;
            }
            cursor.advance();
        }
        if (cursor.index() == start) {
            throw cursor.unexpected("<expression>");
        }
        parameters.add(text(start, cursor.index()));
        return parameters;
    }

    private StatementKind deallocate(TokenCursor cursor) {
        cursor.expectKeyword("deallocate");
        cursor.expectKeyword("prepare");
        String name = cursor.identifier();
        cursor.expectEnd();
        return new Deallocate(name);
    }

    private StatementKind session(TokenCursor cursor) {
        boolean set = cursor.advance().isKeyword("set");
        cursor.expectKeyword("session");
        String name = qualifiedName(cursor, 2, "session property name", "[catalog.]property").toString();
        if (!set) {
            cursor.expectEnd();
            return new ResetSession(name);
        }
        cursor.expectSymbol("=");
        if (cursor.atEnd()) {
            throw cursor.unexpected("<expression>");
        }
        Token first = cursor.peek(0).orElseThrow();
        if (first.type() == Token.Type.STRING && cursor.peek(1).isEmpty()) {
            return new SetSession(name, first.value());
        }
        return new SetSession(name, text(cursor.index(), cursor.limit()));
    }

    private static boolean isSessionStatement(StatementType type) {
        return type == StatementType.PREPARE || type == StatementType.EXECUTE
                || type == StatementType.EXECUTE_IMMEDIATE || type == StatementType.DEALLOCATE;
    }

    /** The original text of the tokens {@code [from, to)}. */
    private String text(int from, int to) {
        return source.text().substring(tokens.get(from).start(), tokens.get(to - 1).end());
    }

    private static Optional<String> likePattern(TokenCursor cursor) {
        Optional<String> pattern = Optional.empty();
        if (cursor.consumeKeywords("like")) {
            pattern = Optional.of(cursor.stringLiteral());
        }
        if (!cursor.atEnd()) {
            throw cursor.unexpected(pattern.isPresent() ? new String[] {TokenCursor.EOF}
                    : new String[] {"FROM", "IN", "LIKE", TokenCursor.EOF});
        }
        return pattern;
    }

    /** The rest of the statement up to {@code end} as a query, which must start like one. */
    SqlNode query(TokenCursor cursor, int end) {
        if (!isQueryStart(cursor) || cursor.index() >= end) {
            throw cursor.unexpected(QUERY_STARTS);
        }
        return queryParser.parse(tokens, cursor.index(), end);
    }

    static boolean isQueryStart(TokenCursor cursor) {
        return isQueryStartAt(cursor, 0);
    }

    static boolean isQueryStartAt(TokenCursor cursor, int ahead) {
        for (String start : QUERY_STARTS) {
            if (cursor.nextIsKeyword(ahead, start) || cursor.nextIsSymbol(ahead, start)) {
                return true;
            }
        }
        return false;
    }

    /** A dotted name of at most {@code maxParts} parts; {@code shape} shows the user what is allowed. */
    static QualifiedName qualifiedName(TokenCursor cursor, int maxParts, String what, String shape) {
        int start = cursor.offset();
        List<String> parts = new ArrayList<>();
        parts.add(cursor.identifier());
        while (cursor.consumeSymbol(".")) {
            parts.add(cursor.identifier());
        }
        if (parts.size() > maxParts) {
            throw cursor.source().syntaxError(start,
                    "too many parts in " + what + " '" + String.join(".", parts) + "': write " + shape);
        }
        return new QualifiedName(parts);
    }

    /** Fails on the first name that occurs twice. */
    static void requireDistinct(SourceText source, List<String> names, int offset, String what) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw source.error(ErrorCode.DUPLICATE_COLUMN_NAME, offset,
                        what + " '" + name + "' is specified more than once", null);
            }
        }
    }

    private SqeException notSupported(int offset, String message) {
        return source.error(ErrorCode.NOT_SUPPORTED, offset, message, null);
    }
}
