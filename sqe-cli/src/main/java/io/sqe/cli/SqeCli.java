package io.sqe.cli;

import io.sqe.coordinator.flight.ArtifactVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code sqe} command-line client: an interactive shell, or a batch runner for {@code -e} and {@code -f},
 * against a server or an embedded one. Results go to standard output, one error line per failure to standard
 * error; the exit code is 1 when a statement failed.
 */
@Command(name = "sqe", mixinStandardHelpOptions = true, versionProvider = SqeCli.VersionProvider.class,
        description = "Run SQL against an SQE server over Arrow Flight SQL or the Trino protocol.",
        sortOptions = false)
public final class SqeCli implements Callable<Integer> {
    private static final String LOGGING_CONFIGURATION = "sqe-cli-logback.xml";
    private static final String LOG_LEVEL_PROPERTY = "sqe.cli.log.level";

    // picocli injects option values into these fields, so they cannot be final.
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", description = "Server port (default: 50051 for flight, 8080 for trino).")
    private Integer port;

    @Option(names = "--protocol", defaultValue = "FLIGHT",
            description = "Client protocol: ${COMPLETION-CANDIDATES} (default: flight).")
    private Protocol protocol;

    @Option(names = "--user", defaultValue = "${sys:user.name}", description = "User name (default: the OS user).")
    private String user;

    @Option(names = "--password", defaultValue = "", description = "Password (ignored while authentication is off).")
    private String password;

    @Option(names = "--format", defaultValue = "TABLE",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: table).")
    private OutputFormat format;

    @Option(names = {"-e", "--execute"}, description = "Run these ;-separated statements and exit.")
    private String execute;

    @Option(names = {"-f", "--file"}, description = "Run the statements in this file and exit.")
    private Path file;

    @Option(names = "--embedded", description = "Start a server inside this process and connect to it.")
    private boolean embedded;

    @Option(names = "--config", description = "Server configuration file for --embedded.")
    private Path config;

    @Option(names = "--warehouse", description = "Warehouse directory for --embedded.")
    private Path warehouse;

    @Option(names = "--debug", description = "Print stack traces with errors.")
    private boolean debug;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            // Logging is configured before picocli runs: off, so that errors stay one line, unless --debug.
            System.setProperty("logback.configurationFile", LOGGING_CONFIGURATION);
            System.setProperty(LOG_LEVEL_PROPERTY, Arrays.asList(args).contains("--debug") ? "INFO" : "OFF");
        }
        System.exit(run(args));
    }

    /** Runs the CLI with {@code args} and returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new SqeCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public Integer call() {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        if (execute != null && file != null) {
            err.println("Error: use either --execute or --file, not both");
            return 1;
        }
        if (!embedded && (config != null || warehouse != null)) {
            err.println("Error: --config and --warehouse apply only with --embedded");
            return 1;
        }
        EmbeddedServer server = null;
        String targetHost = host;
        int targetPort = port != null ? port : protocol.defaultPort();
        try (BufferAllocator allocator = new RootAllocator()) {
            if (embedded) {
                server = EmbeddedServer.start(Optional.ofNullable(config), Optional.ofNullable(warehouse),
                        System.getenv());
                err.println(server.banner());
                targetHost = "127.0.0.1";
                targetPort = server.port(protocol);
            }
            try (ServerConnection connection = connect(allocator, targetHost, targetPort)) {
                return runStatements(connection, out, err, targetHost, targetPort);
            }
        } catch (Exception e) {
            StatementRunner.printError(err, e, debug, targetHost, targetPort);
            return 1;
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private ServerConnection connect(BufferAllocator allocator, String targetHost, int targetPort)
            throws IOException, InterruptedException {
        return switch (protocol) {
            case FLIGHT -> SqeConnection.open(allocator, targetHost, targetPort, user, password);
            case TRINO -> TrinoConnection.open(allocator, targetHost, targetPort, user);
        };
    }

    private int runStatements(ServerConnection connection, PrintWriter out, PrintWriter err, String targetHost,
            int targetPort) throws IOException {
        if (execute != null) {
            return runScript(execute, new StatementRunner(connection, format, out, err, debug, targetHost, targetPort));
        }
        if (file != null) {
            String script = Files.readString(file, StandardCharsets.UTF_8);
            return runScript(script, new StatementRunner(connection, format, out, err, debug, targetHost, targetPort));
        }
        if (System.console() == null) {
            String script = readAll(System.in);
            return runScript(script, new StatementRunner(connection, format, out, err, debug, targetHost, targetPort));
        }
        new Repl(Path.of(System.getProperty("user.home"), ".sqe_history")).run(
                terminalOut -> new StatementRunner(connection, format, terminalOut, err, debug, targetHost, targetPort));
        return 0;
    }

    /** Runs each statement in order and stops at the first failure, so a script never runs past an error. */
    static int runScript(String script, StatementRunner runner) {
        List<String> statements = StatementSplitter.statements(script);
        for (String statement : statements) {
            if (!runner.run(statement)) {
                return 1;
            }
        }
        return 0;
    }

    private static String readAll(InputStream input) throws IOException {
        return new String(input.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The CLI version from the jar's Maven metadata. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sqe-cli " + ArtifactVersion.of("io.sqe", "sqe-cli")};
        }
    }
}
