package io.sqe.coordinator.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The stock trino-cli executable jar, run as a child process in batch mode against a test server. */
final class TrinoCli {
    private static final long TIMEOUT_SECONDS = 90;

    record Result(int exitCode, String stdout, String stderr) {}

    private TrinoCli() {}

    static Result run(int port, String user, String outputFormat, String sql, String... extraArguments)
            throws IOException, InterruptedException {
        return run("http://127.0.0.1:" + port, java.util.Map.of(), user, outputFormat, sql, extraArguments);
    }

    /** Starts trino-cli on {@code sql} without waiting; its output goes to {@code output}, errors too. */
    static Process start(int port, String user, String sql, Path output) throws IOException {
        return new ProcessBuilder(command("http://127.0.0.1:" + port, user, "CSV", sql))
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    }

    /** Runs against {@code server} (http or https) with {@code environment} added, e.g. TRINO_PASSWORD. */
    static Result run(String server, java.util.Map<String, String> environment, String user, String outputFormat,
            String sql, String... extraArguments) throws IOException, InterruptedException {
        List<String> command = command(server, user, outputFormat, sql);
        command.addAll(List.of(extraArguments));
        Path out = Files.createTempFile("trino-cli", ".out");
        Path err = Files.createTempFile("trino-cli", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("trino-cli did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static List<String> command(String server, String user, String outputFormat, String sql) {
        String jar = System.getProperty("sqe.test.trinoCli");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("trino-cli jar not found at " + jar
                    + "; run the integration tests through Maven (./mvnw verify)");
        }
        return new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Duser.timezone=America/Sao_Paulo", "-jar", jar,
                "--server", server, "--user", user, "--output-format", outputFormat,
                "--execute", sql));
    }
}
