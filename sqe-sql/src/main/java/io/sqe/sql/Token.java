package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One lexical token of the statement text. {@code value} is the case-folded name of an identifier, the unescaped
 * content of a string, and the raw text otherwise; {@code start} and {@code end} are offsets into the original text.
 */
record Token(Type type, String text, String value, int start, int end) {
    enum Type { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, SYMBOL }

    Token {
        requireNonNull(type, "type is null");
        requireNonNull(text, "text is null");
        requireNonNull(value, "value is null");
    }

    /** Whether this is the unquoted word {@code keyword}, in any case. */
    boolean isKeyword(String keyword) {
        return type == Type.WORD && text.equalsIgnoreCase(keyword);
    }

    boolean isSymbol(String symbol) {
        return type == Type.SYMBOL && text.equals(symbol);
    }

    boolean isIdentifier() {
        return type == Type.WORD || type == Type.QUOTED_IDENTIFIER;
    }

    /** The token as quoted in error messages, shortened when long. */
    String display() {
        String shown = text.length() > 40 ? text.substring(0, 37) + "..." : text;
        return "'" + shown.replace('\n', ' ').replace('\r', ' ') + "'";
    }

    String upperText() {
        return text.toUpperCase(Locale.ROOT);
    }
}
