package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A position in the tokens of one statement, {@code [index, limit)}, with the helpers a recursive descent needs. */
final class TokenCursor {
    static final String IDENTIFIER = "<identifier>";
    static final String STRING = "<string>";
    static final String NUMBER = "<number>";
    static final String EOF = "<EOF>";

    private final SourceText source;
    private final List<Token> tokens;
    private final int limit;
    private int index;

    TokenCursor(SourceText source, List<Token> tokens, int start, int limit) {
        this.source = requireNonNull(source, "source is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.index = start;
        this.limit = limit;
    }

    SourceText source() {
        return source;
    }

    List<Token> tokens() {
        return tokens;
    }

    int index() {
        return index;
    }

    int limit() {
        return limit;
    }

    boolean atEnd() {
        return index >= limit;
    }

    /** The token {@code ahead} positions on, if it is inside the statement. */
    Optional<Token> peek(int ahead) {
        int at = index + ahead;
        return at < limit ? Optional.of(tokens.get(at)) : Optional.empty();
    }

    Token advance() {
        if (atEnd()) {
            throw unexpected(EOF);
        }
        return tokens.get(index++);
    }

    boolean nextIsKeyword(String keyword) {
        return nextIsKeyword(0, keyword);
    }

    boolean nextIsKeyword(int ahead, String keyword) {
        return peek(ahead).map(token -> token.isKeyword(keyword)).orElse(false);
    }

    boolean nextIsSymbol(int ahead, String symbol) {
        return peek(ahead).map(token -> token.isSymbol(symbol)).orElse(false);
    }

    /** Consumes the keywords if the next tokens are exactly these, in order. */
    boolean consumeKeywords(String... keywords) {
        for (int i = 0; i < keywords.length; i++) {
            if (!nextIsKeyword(i, keywords[i])) {
                return false;
            }
        }
        index += keywords.length;
        return true;
    }

    boolean consumeSymbol(String symbol) {
        if (nextIsSymbol(0, symbol)) {
            index++;
            return true;
        }
        return false;
    }

    void expectKeyword(String keyword) {
        if (!consumeKeywords(keyword)) {
            throw unexpected(keyword.toUpperCase(Locale.ROOT));
        }
    }

    void expectSymbol(String symbol) {
        if (!consumeSymbol(symbol)) {
            throw unexpected(symbol);
        }
    }

    /** An identifier, case-folded: unquoted names in lower case, quoted names as written. */
    String identifier() {
        if (atEnd() || !tokens.get(index).isIdentifier()) {
            throw unexpected(IDENTIFIER);
        }
        return tokens.get(index++).value();
    }

    String stringLiteral() {
        if (atEnd() || tokens.get(index).type() != Token.Type.STRING) {
            throw unexpected(STRING);
        }
        return tokens.get(index++).value();
    }

    void expectEnd() {
        if (!atEnd()) {
            throw unexpected(EOF);
        }
    }

    /** The offset of the next token, or of the end of the statement's last token. */
    int offset() {
        if (!atEnd()) {
            return tokens.get(index).start();
        }
        return limit > 0 ? tokens.get(limit - 1).end() : 0;
    }

    /**
     * A syntax error at the next token. Each expected alternative is a keyword or symbol, quoted in the message, or
     * a category such as {@link #IDENTIFIER}.
     */
    SqeException unexpected(String... expected) {
        String input = atEnd() ? "'" + EOF + "'" : tokens.get(index).display();
        String alternatives = Stream.of(expected)
                .map(alternative -> alternative.startsWith("<") ? alternative : "'" + alternative + "'")
                .collect(Collectors.joining(", "));
        return source.syntaxError(offset(), "mismatched input " + input + ". Expecting: " + alternatives);
    }

    SqeException error(ErrorCode code, int offset, String message) {
        return source.error(code, offset, message, null);
    }

    /** Identifiers separated by commas up to a closing parenthesis; the opening one is already consumed. */
    List<String> identifierListUntilClose() {
        List<String> names = new ArrayList<>();
        do {
            names.add(identifier());
        } while (consumeSymbol(","));
        if (!consumeSymbol(")")) {
            throw unexpected(",", ")");
        }
        return names;
    }
}
