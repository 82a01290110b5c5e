package io.sqe.cli;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;

/**
 * Tells JLine that the input goes on until a statement is ended by {@code ;} outside quotes and comments, so
 * that Enter inside an unfinished statement shows the continuation prompt.
 */
final class StatementLineParser extends DefaultParser {
    StatementLineParser() {
        // SQL has its own quoting; JLine's shell-style quotes and escapes would misread it.
        setQuoteChars(new char[0]);
        setEscapeChars(new char[0]);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !Repl.isQuitCommand(line) && !StatementSplitter.isComplete(line)) {
            throw new EOFError(-1, -1, "statement not finished; end it with ;");
        }
        return super.parse(line, cursor, context);
    }
}
