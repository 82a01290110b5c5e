package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.List;

/**
 * Parses one SQL statement and says what it is. Thread-safe and stateless apart from its limits.
 *
 * <p>Every failure is an {@link SqeException}: {@link ErrorCode#SYNTAX_ERROR} with a one-line message that starts
 * with {@code line L:C:} (the position in the text as given), {@link ErrorCode#QUERY_TEXT_TOO_LARGE} for text over
 * the length limit or nested deeper than the depth limit, {@link ErrorCode#NOT_SUPPORTED} for statements SQE does
 * not run, and {@link ErrorCode#TYPE_NOT_FOUND} or {@link ErrorCode#INVALID_ARGUMENTS} for bad column types.
 */
public final class StatementClassifier {
    public static final int DEFAULT_MAX_NESTING_DEPTH = 200;

    private final int maxStatementLength;
    private final int maxNestingDepth;

    /**
     * @param maxStatementLength the longest statement text accepted, in characters
     * @param maxNestingDepth the deepest nesting of parentheses, subqueries, brackets and CASE expressions accepted
     */
    public StatementClassifier(int maxStatementLength, int maxNestingDepth) {
        if (maxStatementLength < 1) {
            throw new IllegalArgumentException("maxStatementLength must be positive: " + maxStatementLength);
        }
        if (maxNestingDepth < 1) {
            throw new IllegalArgumentException("maxNestingDepth must be positive: " + maxNestingDepth);
        }
        this.maxStatementLength = maxStatementLength;
        this.maxNestingDepth = maxNestingDepth;
    }

    /** Parses {@code sql}, one statement with an optional trailing semicolon. */
    public StatementKind classify(String sql) {
        requireNonNull(sql, "sql is null");
        if (sql.length() > maxStatementLength) {
            throw new SqeException(ErrorCode.QUERY_TEXT_TOO_LARGE, "statement is too large: " + sql.length()
                    + " characters, the limit is " + maxStatementLength + "; shorten the statement");
        }
        SourceText source = new SourceText(sql);
        List<Token> tokens = new SqlTokenizer(source, maxNestingDepth).tokenize();
        int limit = tokens.size();
        if (limit > 0 && tokens.get(limit - 1).isSymbol(";")) {
            limit--;
        }
        if (limit == 0) {
            throw new SqeException(ErrorCode.SYNTAX_ERROR, "empty statement");
        }
        for (int i = 0; i < limit; i++) {
            if (tokens.get(i).isSymbol(";")) {
                throw source.syntaxError(tokens.get(i).start(),
                        "only one statement can be run at a time; remove the text after ';'");
            }
        }
        try {
            return new StatementParser(source, tokens).parse(0, limit);
        } catch (StackOverflowError e) {
            throw new SqeException(ErrorCode.QUERY_TEXT_TOO_LARGE,
                    "statement is too complex to parse: expressions are nested or chained too deeply; simplify it",
                    e);
        }
    }
}
