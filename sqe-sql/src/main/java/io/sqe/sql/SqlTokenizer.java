package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits statement text into tokens the way Calcite's lexer does for the parts that matter to statement boundaries:
 * strings, quoted identifiers and comments. It also enforces the nesting limit before any recursive parser runs, so
 * deep input fails with a clear message instead of a stack overflow.
 */
final class SqlTokenizer {
    private static final List<String> OPERATORS = List.of("<=>", "<>", "<=", ">=", "!=", "||", "::", "=>", "->");
    /**
     * The most binary operators one expression level may chain. Calcite turns a chain into a tree as deep as the
     * chain, parses it in time that grows with the square of its length, and overflows a 1 MB stack at about 4,000
     * operators; 2,000 leaves room for the validator and still allows OR chains of 1,000 comparisons.
     */
    static final int MAX_OPERATOR_CHAIN = 2_000;
    private static final Set<String> CHAINING_SYMBOLS =
            Set.of("+", "-", "*", "/", "%", "||", "=", "<", ">", "<=", ">=", "<>", "!=");
    private static final Set<String> CHAINING_WORDS = Set.of("and", "or", "union", "intersect", "except");

    private final SourceText source;
    private final String text;
    private final int maxNestingDepth;
    private final List<Token> tokens = new ArrayList<>();
    private int position;
    private int parenthesisDepth;
    private int caseDepth;
    /** Operators chained so far at each parenthesis depth, since the last comma. */
    private final int[] operatorChains;

    SqlTokenizer(SourceText source, int maxNestingDepth) {
        this.source = requireNonNull(source, "source is null");
        this.text = source.text();
        this.maxNestingDepth = maxNestingDepth;
        this.operatorChains = new int[maxNestingDepth + 2];
    }

    List<Token> tokenize() {
        while (true) {
            skipWhitespaceAndComments();
            if (position >= text.length()) {
                return List.copyOf(tokens);
            }
            Token token = next();
            tokens.add(token);
            trackNesting(token);
        }
    }

    private void skipWhitespaceAndComments() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (Character.isWhitespace(c)) {
                position++;
            } else if (c == '-' && peek(1) == '-') {
                while (position < text.length() && text.charAt(position) != '\n' && text.charAt(position) != '\r') {
                    position++;
                }
            } else if (c == '/' && peek(1) == '*') {
                int end = text.indexOf("*/", position + 2);
                if (end < 0) {
                    throw source.syntaxError(position, "unterminated comment: '/*' has no matching '*/'");
                }
                position = end + 2;
            } else {
                return;
            }
        }
    }

    private Token next() {
        int start = position;
        char c = text.charAt(position);
        if (c == '\'') {
            return string(start, start, false);
        }
        if ((c == 'E' || c == 'e') && peek(1) == '\'') {
            return string(start, start + 1, true);
        }
        if (c == '"') {
            return quotedIdentifier(start);
        }
        if (Character.isLetter(c) || c == '_') {
            position++;
            while (position < text.length() && isWordPart(text.charAt(position))) {
                position++;
            }
            String word = text.substring(start, position);
            return new Token(Token.Type.WORD, word, word.toLowerCase(Locale.ROOT), start, position);
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
            return number(start);
        }
        position += operatorLength();
        String symbol = text.substring(start, position);
        return new Token(Token.Type.SYMBOL, symbol, symbol, start, position);
    }

    /** A string literal; {@code E'...'} strings take backslash escapes, as in PostgreSQL and Calcite's Babel. */
    private Token string(int start, int quote, boolean backslashEscapes) {
        StringBuilder value = new StringBuilder();
        int i = quote + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (backslashEscapes && c == '\\' && i + 1 < text.length()) {
                value.append(unescape(text.charAt(i + 1)));
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                } else {
                    position = i + 1;
                    return new Token(Token.Type.STRING, text.substring(start, position), value.toString(), start,
                            position);
                }
            } else {
                value.append(c);
                i++;
            }
        }
        throw source.syntaxError(start, "unterminated string literal: add the closing quote (')");
    }

    private static char unescape(char escaped) {
        return switch (escaped) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            default -> escaped;
        };
    }

    private Token quotedIdentifier(int start) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    value.append('"');
                    i += 2;
                    continue;
                }
                position = i + 1;
                if (value.length() == 0) {
                    throw source.syntaxError(start, "zero-length delimited identifier \"\"");
                }
                return new Token(Token.Type.QUOTED_IDENTIFIER, text.substring(start, position), value.toString(),
                        start, position);
            }
            value.append(c);
            i++;
        }
        throw source.syntaxError(start, "unterminated quoted identifier: add the closing quote (\")");
    }

    private Token number(int start) {
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
            position++;
        }
        if (peek(0) == '.' && Character.isDigit(peek(1)) || peek(0) == '.' && !Character.isLetter(peek(1))) {
            position++;
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
        }
        if ((peek(0) == 'e' || peek(0) == 'E')
                && (Character.isDigit(peek(1)) || (peek(1) == '+' || peek(1) == '-') && Character.isDigit(peek(2)))) {
            position += 2;
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
        }
        String number = text.substring(start, position);
        return new Token(Token.Type.NUMBER, number, number, start, position);
    }

    /** Multi-character operators are one token, as in Calcite, so token positions line up with Calcite's. */
    private int operatorLength() {
        for (String operator : OPERATORS) {
            if (text.startsWith(operator, position)) {
                return operator.length();
            }
        }
        return 1;
    }

    private void trackNesting(Token token) {
        if (token.isSymbol("(") || token.isSymbol("[")) {
            parenthesisDepth++;
            if (parenthesisDepth < operatorChains.length) {
                operatorChains[parenthesisDepth] = 0;
            }
        } else if ((token.isSymbol(")") || token.isSymbol("]")) && parenthesisDepth > 0) {
            parenthesisDepth--;
        } else if (token.isKeyword("case")) {
            caseDepth++;
        } else if (token.isKeyword("end") && caseDepth > 0) {
            caseDepth--;
        }
        if (parenthesisDepth + caseDepth > maxNestingDepth) {
            throw source.error(ErrorCode.QUERY_TEXT_TOO_LARGE, token.start(),
                    "statement is nested too deeply: more than " + maxNestingDepth
                            + " levels of parentheses, subqueries or CASE expressions; simplify the statement",
                    null);
        }
        trackOperatorChain(token);
    }

    private void trackOperatorChain(Token token) {
        if (token.isSymbol(",")) {
            operatorChains[parenthesisDepth] = 0;
            return;
        }
        boolean chaining = token.type() == Token.Type.SYMBOL && CHAINING_SYMBOLS.contains(token.text())
                || token.type() == Token.Type.WORD && CHAINING_WORDS.contains(token.value());
        if (chaining && ++operatorChains[parenthesisDepth] > MAX_OPERATOR_CHAIN) {
            throw source.error(ErrorCode.QUERY_TEXT_TOO_LARGE, token.start(),
                    "expression is too long: more than " + MAX_OPERATOR_CHAIN + " operators (such as AND, OR, +, ="
                            + " or UNION) in a row; use IN lists, split the expression or the statement",
                    null);
        }
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private char peek(int ahead) {
        int index = position + ahead;
        return index < text.length() ? text.charAt(index) : '\0';
    }
}
