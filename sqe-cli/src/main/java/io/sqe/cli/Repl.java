package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: prompt {@code sqe> }, continuation {@code   -> }, statements end with {@code ;},
 * history in a file. Ctrl-C drops the current input or cancels the running query; Ctrl-D, {@code quit} or
 * {@code exit} leave.
 */
final class Repl {
    static final String PROMPT = "sqe> ";
    static final String CONTINUATION_PROMPT = "  -> ";
    private static final Set<String> QUIT_COMMANDS = Set.of("quit", "exit", "quit;", "exit;");

    private final Path historyFile;

    Repl(Path historyFile) {
        this.historyFile = requireNonNull(historyFile, "historyFile is null");
    }

    static boolean isQuitCommand(String line) {
        return QUIT_COMMANDS.contains(line.strip().toLowerCase(Locale.ROOT));
    }

    /** Runs until the user leaves; {@code runners} makes the statement runner once the terminal exists. */
    void run(Function<PrintWriter, StatementRunner> runners) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("sqe")
                    .parser(new StatementLineParser())
                    .variable(LineReader.HISTORY_FILE, historyFile)
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .build();
            StatementRunner runner = runners.apply(terminal.writer());
            while (true) {
                String input;
                try {
                    input = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (isQuitCommand(input)) {
                    break;
                }
                for (String statement : StatementSplitter.statements(input)) {
                    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT,
                            signal -> runner.connection().cancelCurrent());
                    try {
                        runner.run(statement);
                    } finally {
                        terminal.handle(Terminal.Signal.INT, previous);
                    }
                }
            }
            reader.getHistory().save();
        }
    }
}
