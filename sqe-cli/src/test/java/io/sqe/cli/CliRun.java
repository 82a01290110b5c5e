package io.sqe.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** One run of the CLI in this process, with its exit code and what it wrote to standard output and error. */
record CliRun(int exitCode, String out, String err) {
    /** No environment variables and no terminal to prompt on. */
    static CliRun of(String... args) {
        return of(Map.of(), prompt -> Optional.empty(), args);
    }

    static synchronized CliRun of(Map<String, String> environment, Function<String, Optional<String>> prompt,
            String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            int exitCode = SqeCli.run(environment, prompt, args);
            return new CliRun(exitCode, normalize(out), normalize(err));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** The CLI's own lines on standard error, without the server's log lines that share the stream in tests. */
    List<String> errorLines() {
        return err.lines().filter(line -> line.startsWith("Error") || line.startsWith("Warning")).toList();
    }

    private static String normalize(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
