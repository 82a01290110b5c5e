package io.sqe.sql;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.error.SqeException.ErrorLocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The original statement text, which maps character offsets to the 1-based line and column users see. */
final class SourceText {
    private final String text;
    private final int[] lineStarts;

    SourceText(String text) {
        this.text = requireNonNull(text, "text is null");
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // \r\n, \r and \n each end a line, as in Calcite's lexer
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    String text() {
        return text;
    }

    int length() {
        return text.length();
    }

    ErrorLocation location(int offset) {
        int index = Arrays.binarySearch(lineStarts, offset);
        int line = index >= 0 ? index : -index - 2;
        return new ErrorLocation(line + 1, offset - lineStarts[line] + 1);
    }

    /** The offset of a 1-based line and column, clamped to the text. */
    int offset(int line, int column) {
        int lineIndex = Math.max(0, Math.min(line - 1, lineStarts.length - 1));
        return Math.max(0, Math.min(text.length(), lineStarts[lineIndex] + column - 1));
    }

    /**
     * A copy of the text in which everything outside {@code [start, end)} is blank. Line breaks stay, so positions
     * a parser reports in the copy are positions in the original.
     */
    String blankOutside(int start, int end) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if ((i < start || i >= end) && chars[i] != '\n' && chars[i] != '\r') {
                chars[i] = ' ';
            }
        }
        return new String(chars);
    }

    SqeException syntaxError(int offset, String message) {
        return error(ErrorCode.SYNTAX_ERROR, offset, message, null);
    }

    SqeException error(ErrorCode code, int offset, String message, Throwable cause) {
        ErrorLocation location = location(offset);
        return new SqeException(code, "line " + location.line() + ":" + location.column() + ": " + message, location,
                cause);
    }
}
