package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Parses the query part of a statement with Calcite and turns Calcite's multi-line errors into one line with the
 * position in the original text. The query is parsed in a copy of the whole text with everything else blanked, so
 * Calcite's positions need no adjustment.
 */
final class QueryParser {
    private static final String EXPRESSION = "<expression>";
    private static final int MAX_ALTERNATIVES = 6;
    /** The alternatives worth showing first, in this order; the rest follow alphabetically. */
    private static final List<String> PREFERRED = List.of(
            ",", ")", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "FETCH", "UNION", "INTERSECT",
            "EXCEPT", "JOIN", "ON", "USING", "AS", "BY", "THEN", "WHEN", "ELSE", "END", "AND", "OR", "SELECT",
            "VALUES", "WITH", "(", EXPRESSION, TokenCursor.IDENTIFIER, TokenCursor.STRING, TokenCursor.NUMBER,
            TokenCursor.EOF);
    /** When an expression may start, these are the alternatives that are not part of the expression. */
    private static final Set<String> NOT_EXPRESSION_START = Set.of(
            ",", ")", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "FETCH", "UNION", "INTERSECT",
            "EXCEPT", "JOIN", "ON", "USING", "AS", "BY", "THEN", "WHEN", "ELSE", "END", "AND", "OR", "SELECT",
            "VALUES", "WITH", "DISTINCT", "ALL", "*", TokenCursor.EOF);
    /** Calcite reserves these words, which are common column names; the error then says how to quote them. */
    private static final Set<String> RESERVED_NAMES = Set.of(
            "date", "time", "timestamp", "datetime", "uuid", "interval", "row", "rows", "range", "partition",
            "values", "table", "next", "left", "right");
    private static final Pattern CALCITE_POSITION = Pattern.compile(
            "(?i)(^from line \\d+, column \\d+ to line \\d+, column \\d+: )|( at line \\d+, column \\d+)");

    /** The one-row table a FROM-less SELECT ... WHERE reads. */
    private static final String DUAL = "FROM (VALUES (0)) AS \"sqe$dual\"(\"sqe$x\") ";

    private final SourceText source;

    QueryParser(SourceText source) {
        this.source = requireNonNull(source, "source is null");
    }

    /** Parses the tokens {@code [from, to)} as one query. */
    SqlNode parse(List<Token> tokens, int from, int to) {
        int start = tokens.get(from).start();
        int end = tokens.get(to - 1).end();
        SqlNode node;
        try {
            node = SqlParser.create(source.blankOutside(start, end), SqlParsers.parserConfig()).parseQuery();
        } catch (SqlParseException e) {
            node = parseWithoutFrom(e, start, end).orElseThrow(() -> translate(e, tokens, from, to));
        } catch (StackOverflowError e) {
            throw tooComplex(start, e);
        } catch (RuntimeException e) {
            throw source.syntaxError(start, firstLine(e.getMessage()));
        }
        if (!node.isA(SqlKind.QUERY)) {
            throw source.syntaxError(start, "expecting a query (SELECT, VALUES, WITH or TABLE), found "
                    + node.getKind().lowerName.replace('_', ' '));
        }
        return node;
    }

    /**
     * Trino accepts {@code SELECT <expressions> WHERE <condition>} without FROM (trino-jdbc's metadata queries send
     * it); Calcite's grammar does not. When the parser stops at that WHERE asking for FROM, parse again with a
     * one-row table in front of it. Any other failure keeps the original error.
     */
    private java.util.Optional<SqlNode> parseWithoutFrom(SqlParseException e, int start, int end) {
        SqlParserPos position = e.getPos();
        String[] images = e.getTokenImages();
        if (position == null || position.getLineNum() < 1 || images == null
                || !java.util.Arrays.asList(images).contains("\"FROM\"")) {
            return java.util.Optional.empty();
        }
        int offset = source.offset(position.getLineNum(), position.getColumnNum());
        String text = source.blankOutside(start, end);
        if (!text.regionMatches(true, offset, "where", 0, 5)
                || offset + 5 < text.length() && Character.isLetterOrDigit(text.charAt(offset + 5))) {
            return java.util.Optional.empty();
        }
        String repaired = text.substring(0, offset) + DUAL + text.substring(offset);
        try {
            return java.util.Optional.of(SqlParser.create(repaired, SqlParsers.parserConfig()).parseQuery());
        } catch (SqlParseException | RuntimeException retryFailure) {
            return java.util.Optional.empty();
        }
    }

    private SqeException translate(SqlParseException e, List<Token> tokens, int from, int to) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StackOverflowError) {
                return tooComplex(tokens.get(from).start(), cause);
            }
        }
        SqlParserPos position = e.getPos();
        int offset = position == null || position.getLineNum() < 1
                ? tokens.get(from).start()
                : source.offset(position.getLineNum(), position.getColumnNum());
        int[][] sequences = e.getExpectedTokenSequences();
        String[] images = e.getTokenImages();
        if (sequences == null || sequences.length == 0 || images == null) {
            return source.error(ErrorCode.SYNTAX_ERROR, offset, firstLine(e.getMessage()), e);
        }
        int at = tokenAt(tokens, from, to, offset);
        return mismatchedInput(sequences, images, tokens, at, to, e);
    }

    /**
     * Calcite reports the first token it could not fit, plus the token sequences it tried by look-ahead from there.
     * The sequences whose leading tokens match the input show how far the parser got: the token after the longest
     * match is the one that failed, and the last tokens of those sequences are the alternatives.
     */
    private SqeException mismatchedInput(
            int[][] sequences, String[] images, List<Token> tokens, int at, int to, SqlParseException original) {
        int longest = 1;
        for (int[] sequence : sequences) {
            if (sequence.length > longest && prefixMatches(sequence, images, tokens, at, to)) {
                longest = sequence.length;
            }
        }
        Set<String> expected = new LinkedHashSet<>();
        for (int[] sequence : sequences) {
            if (sequence.length == longest && prefixMatches(sequence, images, tokens, at, to)) {
                String described = describe(images[sequence[longest - 1]]);
                if (described != null) {
                    expected.add(described);
                }
            }
        }
        int failing = at + longest - 1;
        boolean atEnd = failing >= to;
        int offset = atEnd ? tokens.get(to - 1).end() : tokens.get(failing).start();
        String input = atEnd ? "'" + TokenCursor.EOF + "'" : tokens.get(failing).display();
        String message = "mismatched input " + input + ". Expecting: " + render(expected);
        Token reserved = null;
        if (at < to && RESERVED_NAMES.contains(tokens.get(at).value()) && tokens.get(at).type() == Token.Type.WORD) {
            reserved = tokens.get(at);
        } else if (!atEnd && tokens.get(failing).type() == Token.Type.WORD
                && RESERVED_NAMES.contains(tokens.get(failing).value())
                && (expected.contains(TokenCursor.IDENTIFIER) || expected.contains("CASE"))) {
            reserved = tokens.get(failing);
        }
        if (reserved != null) {
            message += " ('" + reserved.text() + "' is a reserved word: write \"" + reserved.value()
                    + "\" to use it as a name)";
        }
        return source.error(ErrorCode.SYNTAX_ERROR, offset, message, original);
    }

    /** Whether all but the last token of a sequence match the input starting at token {@code at}. */
    private static boolean prefixMatches(int[] sequence, String[] images, List<Token> tokens, int at, int to) {
        for (int i = 0; i < sequence.length - 1; i++) {
            if (at + i >= to || !matches(images[sequence[i]], tokens.get(at + i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(String image, Token token) {
        if (image.startsWith("\"") && image.endsWith("\"") && image.length() > 2) {
            return token.type() != Token.Type.STRING && token.type() != Token.Type.QUOTED_IDENTIFIER
                    && token.text().equalsIgnoreCase(image.substring(1, image.length() - 1));
        }
        String category = describe(image);
        if (TokenCursor.IDENTIFIER.equals(category)) {
            return token.isIdentifier();
        }
        if (TokenCursor.STRING.equals(category)) {
            return token.type() == Token.Type.STRING;
        }
        if (TokenCursor.NUMBER.equals(category)) {
            return token.type() == Token.Type.NUMBER;
        }
        return false;
    }

    /** The index of the token starting at {@code offset}; the end of the range if there is none. */
    private static int tokenAt(List<Token> tokens, int from, int to, int offset) {
        for (int i = from; i < to; i++) {
            if (tokens.get(i).start() >= offset) {
                return i;
            }
        }
        return to;
    }

    /** A readable name for one of Calcite's token images, or null for tokens not worth mentioning. */
    private static String describe(String image) {
        if (image.startsWith("\"") && image.endsWith("\"") && image.length() > 2) {
            String token = image.substring(1, image.length() - 1);
            return token.equals("/*+") ? null : token;
        }
        if (image.equals("<EOF>")) {
            return TokenCursor.EOF;
        }
        if (image.contains("IDENTIFIER")) {
            return TokenCursor.IDENTIFIER;
        }
        if (image.contains("STRING")) {
            return TokenCursor.STRING;
        }
        if (image.contains("NUMERIC") || image.contains("INTEGER")) {
            return TokenCursor.NUMBER;
        }
        return null;
    }

    private static String render(Set<String> expected) {
        Set<String> shown = new LinkedHashSet<>(expected);
        if (shown.contains("CASE")) {
            shown.removeIf(token -> !NOT_EXPRESSION_START.contains(token));
            shown.add(EXPRESSION);
        }
        List<String> ordered = new ArrayList<>(shown);
        ordered.sort(Comparator.<String>comparingInt(token -> {
            int rank = PREFERRED.indexOf(token);
            return rank < 0 ? PREFERRED.size() : rank;
        }).thenComparing(Comparator.naturalOrder()));
        StringBuilder rendered = new StringBuilder();
        for (int i = 0; i < Math.min(ordered.size(), MAX_ALTERNATIVES); i++) {
            String token = ordered.get(i);
            rendered.append(i == 0 ? "" : ", ").append(token.startsWith("<") ? token : "'" + token + "'");
        }
        if (ordered.size() > MAX_ALTERNATIVES) {
            rendered.append(", ...");
        }
        return rendered.toString();
    }

    private SqeException tooComplex(int start, Throwable cause) {
        return source.error(ErrorCode.QUERY_TEXT_TOO_LARGE, start,
                "statement is too complex to parse: expressions are nested or chained too deeply; simplify it",
                cause);
    }

    private static String shorten(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() > 40 ? oneLine.substring(0, 37) + "..." : oneLine;
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "syntax error";
        }
        String line = message.strip().lines().findFirst().orElse("syntax error");
        return CALCITE_POSITION.matcher(line).replaceAll("").strip();
    }
}
