package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at {@code ;}. A semicolon inside a string literal ({@code '...'}), a quoted
 * identifier ({@code "..."}), a line comment ({@code -- ...}) or a block comment does not end a statement.
 * Statements that hold only whitespace and comments are dropped.
 */
public final class StatementSplitter {
    private static final int UNCLOSED = -1;

    private StatementSplitter() {}

    /** The complete statements in {@code text} (each trimmed, without its {@code ;}) and the unfinished rest. */
    public static Split split(String text) {
        requireNonNull(text, "text is null");
        List<String> statements = new ArrayList<>();
        int start = 0;
        boolean hasContent = false;
        boolean unclosed = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
            int end;
            if (c == '\'' || c == '"') {
                end = closingQuote(text, i, c);
                hasContent = true;
            } else if (c == '-' && next == '-') {
                int newline = text.indexOf('\n', i);
                end = newline < 0 ? text.length() : newline + 1;
            } else if (c == '/' && next == '*') {
                int close = text.indexOf("*/", i + 2);
                end = close < 0 ? UNCLOSED : close + 2;
            } else {
                if (c == ';') {
                    if (hasContent) {
                        statements.add(text.substring(start, i).strip());
                    }
                    start = i + 1;
                    hasContent = false;
                } else if (!Character.isWhitespace(c)) {
                    hasContent = true;
                }
                end = i + 1;
            }
            if (end == UNCLOSED) {
                unclosed = true;
                break;
            }
            i = end;
        }
        return new Split(statements, text.substring(start), hasContent, unclosed);
    }

    /** Every statement in a script: the complete ones, and the unterminated last one if it has content. */
    public static List<String> statements(String script) {
        Split split = split(script);
        List<String> statements = new ArrayList<>(split.complete());
        if (split.remainderHasContent()) {
            statements.add(split.remainder().strip());
        }
        return statements;
    }

    /** True when {@code text} holds no unfinished statement, literal or comment: the REPL may run it. */
    public static boolean isComplete(String text) {
        Split split = split(text);
        return !split.remainderHasContent() && !split.unclosed();
    }

    /** Index just past the closing quote ({@code ''} and {@code ""} are escaped quotes), or UNCLOSED. */
    private static int closingQuote(String text, int open, char quote) {
        int i = open + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return UNCLOSED;
    }

    /**
     * The result of splitting.
     *
     * @param complete statements ended by {@code ;}
     * @param remainder the text after the last {@code ;}
     * @param remainderHasContent whether the remainder holds more than whitespace and comments
     * @param unclosed whether the text ends inside a literal, quoted identifier or block comment
     */
    public record Split(List<String> complete, String remainder, boolean remainderHasContent, boolean unclosed) {
        public Split {
            complete = List.copyOf(requireNonNull(complete, "complete is null"));
            requireNonNull(remainder, "remainder is null");
        }
    }
}
