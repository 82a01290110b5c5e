package io.sqe.benchmark.tpch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/sqe-server} as a child JVM of the test, on this test's class path and JVM flags, configured only
 * through {@code SQE_SECTION__KEY} environment variables, as a container would be. Its output goes to a log file.
 */
final class SqeProcess implements AutoCloseable {
    /** The port from "SQE is ready: Flight SQL on host:PORT" or "SQE worker is ready: Arrow Flight on host:PORT". */
    private static final Pattern READY = Pattern.compile("is ready: (?:Flight SQL|Arrow Flight) on [^:\\s]+:(\\d+)");
    /** A coordinator's ready line ends with ", worker heartbeats on grpc://host:PORT". */
    private static final Pattern CLUSTER = Pattern.compile("worker heartbeats on (grpc://[^:\\s]+:\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private SqeProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static SqeProcess start(String mode, Map<String, String> environment, Path log) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("--add-opens") || argument.startsWith("--enable-native")
                        || argument.startsWith("--sun-misc"))
                .toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "io.sqe.coordinator.server.SqeServerCommand", "--mode", mode));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SQE_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher ready = READY.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (ready.find()) {
                return new SqeProcess(process, log, Integer.parseInt(ready.group(1)));
            }
            if (!process.isAlive()) {
                throw new AssertionError("sqe-server --mode " + mode + " exited: " + output(log));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("sqe-server --mode " + mode + " did not start in 60 s: " + output(log));
    }

    int port() {
        return port;
    }

    String url() {
        return "grpc://127.0.0.1:" + port;
    }

    /** A coordinator's cluster endpoint, where workers register. */
    String clusterUrl() {
        Matcher cluster = CLUSTER.matcher(output());
        if (!cluster.find()) {
            throw new AssertionError("not a coordinator: " + output());
        }
        return cluster.group(1);
    }

    String output() {
        return output(log);
    }

    private static String output(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** {@code kill -9}: the process gets no chance to close its streams. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
