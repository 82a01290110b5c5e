package io.sqe.auth;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Keycloak distribution run as a child process ({@code kc.sh start-dev}) on 127.0.0.1 with random ports
 * and a realm imported from the test resources. The distribution is unpacked by the build (maven-dependency-plugin)
 * into {@code target/keycloak}; nothing is downloaded at test time. {@link #close()} ends the whole process tree.
 */
final class KeycloakServer implements AutoCloseable {
    static final String REALM_RESOURCE = "/keycloak/sqe-realm.json";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    private final Process process;
    private final URI issuer;
    private final Path log;
    private final Thread shutdownHook;
    private Duration startTime = Duration.ZERO;

    private KeycloakServer(Process process, URI issuer, Path log) {
        this.process = process;
        this.issuer = issuer;
        this.log = log;
        // Should the test JVM end without running @AfterAll, Keycloak must not outlive it.
        this.shutdownHook = new Thread(this::destroyTree, "keycloak-it-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts Keycloak from {@code home} with the realm {@code sqe} and waits until the realm answers. */
    static KeycloakServer start(Path home) throws IOException, InterruptedException {
        requireNonNull(home, "home is null");
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + home + "; run the integration tests "
                    + "through Maven (mvn verify), which unpacks org.keycloak:keycloak-quarkus-dist there");
        }
        prepareRealm(home);
        int httpPort = freePort();
        int managementPort = freePort();
        Path log = home.getParent().resolve("keycloak-it.log");
        ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--import-realm")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("JAVA_OPTS_APPEND");
        Instant started = Instant.now();
        Process process = builder.start();
        URI issuer = URI.create("http://127.0.0.1:" + httpPort + "/realms/sqe");
        KeycloakServer server = new KeycloakServer(process, issuer, log);
        try {
            server.awaitReady();
        } catch (RuntimeException | InterruptedException | IOException e) {
            server.close();
            throw e;
        }
        server.startTime = Duration.between(started, Instant.now());
        return server;
    }

    URI issuer() {
        return issuer;
    }

    Duration startTime() {
        return startTime;
    }

    /**
     * The realm is imported only into an empty database: when the realm file changed since the last run, the
     * database under {@code data/h2} is dropped so that the new realm is imported.
     */
    private static void prepareRealm(Path home) throws IOException {
        byte[] realm;
        try (InputStream in = KeycloakServer.class.getResourceAsStream(REALM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + REALM_RESOURCE);
            }
            realm = in.readAllBytes();
        }
        Path importDir = Files.createDirectories(home.resolve("data/import"));
        Path imported = importDir.resolve("sqe-realm.json");
        if (!Files.exists(imported) || !Arrays.equals(Files.readAllBytes(imported), realm)) {
            deleteRecursively(home.resolve("data/h2"));
            Path temporary = Files.write(importDir.resolve("sqe-realm.json.tmp"), realm);
            Files.move(temporary, imported, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create(issuer + "/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with status " + process.exitValue()
                        + " before it was ready; its output:\n" + tail());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(discovery)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1_000);
        }
        throw new IllegalStateException("Keycloak was not ready within " + READY_TIMEOUT.toSeconds()
                + " s; its output:\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Ends Keycloak and every process it started: politely first, then forcibly. */
    @Override
    public void close() {
        destroyTree();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
    }

    private void destroyTree() {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
