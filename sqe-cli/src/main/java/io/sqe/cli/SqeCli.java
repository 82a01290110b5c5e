package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import io.sqe.coordinator.flight.ArtifactVersion;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
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
    static final String PASSWORD_VARIABLE = "SQE_PASSWORD";
    static final String ACCESS_TOKEN_VARIABLE = "SQE_ACCESS_TOKEN";

    private final Map<String, String> environment;
    private final Function<String, Optional<String>> passwordPrompt;

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

    @Option(names = "--password", arity = "0..1", fallbackValue = "", paramLabel = "PASSWORD",
            description = {"Log in with a password. Without a value: from $" + PASSWORD_VARIABLE + ", else prompted "
                    + "for (not echoed). $" + PASSWORD_VARIABLE + " alone also logs in with it.",
                    "A value given here is visible to other users of this machine (process list, shell history): "
                            + "prefer the prompt or $" + PASSWORD_VARIABLE + "."})
    private String password;

    @Option(names = "--access-token", paramLabel = "TOKEN",
            description = {"Log in with this bearer token (a JWT from the identity provider) instead of a password "
                    + "(default: $" + ACCESS_TOKEN_VARIABLE + ").",
                    "Like a password, a token given here is visible to other users of this machine: prefer $"
                            + ACCESS_TOKEN_VARIABLE + "."})
    private String accessToken;

    @Option(names = "--tls", description = "Connect with TLS: grpc+tls for flight, https for trino. Needed whenever a "
            + "password or token travels over a network.")
    private boolean tls;

    @Option(names = "--trust-store", paramLabel = "FILE",
            description = "With --tls: trust the PEM certificates in FILE (a private CA, or the server's own "
                    + "certificate) instead of the JDK's certificate authorities.")
    private Path trustStore;

    @Option(names = "--insecure",
            description = "With --tls: do not verify the server's certificate or host name. Only for trying out a "
                    + "server with a self-signed certificate: anyone on the network path could pose as the server "
                    + "and read the password or token.")
    private boolean insecure;

    @Option(names = "--catalog", paramLabel = "NAME", description = "Initial catalog for unqualified names.")
    private String catalog;

    @Option(names = "--schema", paramLabel = "NAME", description = "Initial schema for unqualified names.")
    private String schema;

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

    private SqeCli(Map<String, String> environment, Function<String, Optional<String>> passwordPrompt) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.passwordPrompt = requireNonNull(passwordPrompt, "passwordPrompt is null");
    }

    /** Runs the CLI with {@code args} and returns the exit code. */
    public static int run(String... args) {
        return run(System.getenv(), SqeCli::readPasswordFromConsole, args);
    }

    /**
     * Runs the CLI with {@code args}, the environment variables {@code environment}, and {@code passwordPrompt}
     * asking for the password (empty when there is no terminal to ask on).
     */
    static int run(Map<String, String> environment, Function<String, Optional<String>> passwordPrompt,
            String... args) {
        return new CommandLine(new SqeCli(environment, passwordPrompt)).setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
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
        Optional<String> invalid = invalidSecurityOptions();
        if (invalid.isPresent()) {
            err.println("Error: " + invalid.get());
            return 1;
        }
        EmbeddedServer server = null;
        String targetHost = host;
        int targetPort = port != null ? port : protocol.defaultPort();
        try (BufferAllocator allocator = new RootAllocator()) {
            Credentials credentials = credentials();
            if (embedded) {
                server = EmbeddedServer.start(Optional.ofNullable(config), Optional.ofNullable(warehouse),
                        environment);
                err.println(server.banner());
                targetHost = "127.0.0.1";
                targetPort = server.port(protocol);
            }
            if (credentials.hasSecret() && !tls && !isLoopback(targetHost)) {
                err.println("Warning: sending credentials to " + targetHost + " unencrypted; use --tls");
            }
            ConnectionSettings settings = new ConnectionSettings(targetHost, targetPort,
                    new TlsSettings(tls, insecure, Optional.ofNullable(trustStore)), credentials,
                    Optional.ofNullable(catalog), Optional.ofNullable(schema));
            try (ServerConnection connection = connect(allocator, settings)) {
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

    private Optional<String> invalidSecurityOptions() {
        if (!tls && (insecure || trustStore != null)) {
            return Optional.of("--insecure and --trust-store apply only with --tls");
        }
        if (insecure && trustStore != null) {
            return Optional.of("use either --insecure or --trust-store, not both");
        }
        if (password != null && accessToken != null) {
            return Optional.of("use either --password or --access-token, not both");
        }
        if (accessToken != null && accessToken.isBlank()) {
            return Optional.of("--access-token is empty; give the token, or leave the option out");
        }
        return Optional.empty();
    }

    /**
     * Who logs in. An option on the command line wins over the environment; {@code --password} without a value
     * takes {@value #PASSWORD_VARIABLE} or asks on the terminal.
     */
    private Credentials credentials() {
        if (accessToken != null) {
            return Credentials.accessToken(user, accessToken);
        }
        if (password != null) {
            return Credentials.password(user, password.isEmpty() ? environmentOrPrompt() : password);
        }
        Optional<String> tokenVariable = variable(ACCESS_TOKEN_VARIABLE);
        Optional<String> passwordVariable = variable(PASSWORD_VARIABLE);
        if (tokenVariable.isPresent() && passwordVariable.isPresent()) {
            throw new SqeException(ErrorCode.INVALID_ARGUMENTS, "both " + PASSWORD_VARIABLE + " and "
                    + ACCESS_TOKEN_VARIABLE + " are set; unset one, or choose with --password or --access-token");
        }
        if (tokenVariable.isPresent()) {
            return Credentials.accessToken(user, tokenVariable.get());
        }
        return passwordVariable.map(value -> Credentials.password(user, value)).orElseGet(() -> Credentials.user(user));
    }

    private String environmentOrPrompt() {
        Optional<String> value = variable(PASSWORD_VARIABLE)
                .or(() -> passwordPrompt.apply("Password for " + user + ": "));
        return value.filter(text -> !text.isEmpty()).orElseThrow(() -> new SqeException(ErrorCode.INVALID_ARGUMENTS,
                "--password needs a password: type it at the prompt, or set " + PASSWORD_VARIABLE
                        + " when there is no terminal"));
    }

    private Optional<String> variable(String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isEmpty());
    }

    private static Optional<String> readPasswordFromConsole(String prompt) {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        char[] typed = console.readPassword("%s", prompt);
        return typed == null ? Optional.empty() : Optional.of(new String(typed));
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            // Connecting reports the unknown host in a moment.
            return true;
        }
    }

    private ServerConnection connect(BufferAllocator allocator, ConnectionSettings settings)
            throws IOException, InterruptedException {
        return switch (protocol) {
            case FLIGHT -> SqeConnection.open(allocator, settings);
            case TRINO -> TrinoConnection.open(allocator, settings);
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
