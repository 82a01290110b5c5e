package io.sqe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqe.catalog.testing.TestCertificates;
import io.sqe.catalog.testing.OidcTestServer;
import io.sqe.coordinator.server.SqeServer;
import io.sqe.core.config.AuthConfig;
import io.sqe.core.config.Secret;
import io.sqe.core.config.SqeConfig;
import io.sqe.core.config.TlsConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a server with authentication and TLS on, over both protocols: users log in at a real OIDC
 * provider with a password (the server's password grant) or present its token; the server's certificate is
 * self-signed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredServerCliIT {
    private static final String PASSWORD = "correct horse battery staple";

    private OidcTestServer oidc;
    private SqeServer server;
    private TestCertificates certificates;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        oidc = OidcTestServer.start();
        certificates = TestCertificates.create(directory);
        SqeConfig defaults = SqeConfig.defaults();
        server = SqeServer.start(defaults
                .withCatalog(defaults.catalog().withWarehouse(directory.resolve("warehouse")))
                .withAuth(AuthConfig.none().withOidc(URI.create(oidc.issuer()), "sqe", new Secret("sqe-secret")))
                .withCoordinator(defaults.coordinator().withFlightSqlPort(0).withTrinoHttpPort(0)
                        .withTls(TlsConfig.of(certificates.certificate(), certificates.privateKey())))
                .withMetrics(defaults.metrics().withPort(0)));
        CliRun setup = flight("--access-token", oidc.token("alice"), "-e", "CREATE SCHEMA shop; "
                + "CREATE TABLE shop.orders AS SELECT * FROM (VALUES (1, 'pen'), (2, 'ink')) AS t(id, item)");
        assertThat(setup.exitCode()).as(setup.err()).isZero();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (oidc != null) {
            oidc.close();
        }
    }

    @Test
    void flightLogsInWithAPasswordFromTheEnvironment() {
        oidc.expectLogin("alice");
        CliRun result = CliRun.of(Map.of(SqeCli.PASSWORD_VARIABLE, PASSWORD), noTerminal(),
                withFlight("--user", "alice", "--password", "--format", "csv",
                        "-e", "SELECT current_user AS who, count(*) AS n FROM shop.orders GROUP BY 1"));

        assertSucceeded(result);
        assertThat(result.out()).isEqualTo("who,n\nalice,2\n");
    }

    @Test
    void aPasswordOnTheCommandLineStillWorksButIsNeverPrinted() {
        for (boolean overTrino : List.of(false, true)) {
            // One user per login: the server caches a password login, and each one takes one expected login.
            String user = overTrino ? "grace" : "frank";
            oidc.expectLogin(user);
            String[] args = {"--user", user, "--password", PASSWORD, "--debug", "--format", "csv",
                    "-e", "SELECT current_user AS who; SELECT nope"};
            CliRun result = overTrino ? trino(args) : flight(args);

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.out()).isEqualTo("who\n" + user + "\n");
            assertThat(result.errorLines()).singleElement().asString().startsWith("Error: COLUMN_NOT_FOUND: ");
            assertThat(result.err()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void flightSendsAnAccessToken() {
        CliRun fromOption = flight("--user", "nobody", "--access-token", oidc.token("bob"), "--format", "csv",
                "-e", "SELECT current_user AS who");
        CliRun fromEnvironment = CliRun.of(Map.of(SqeCli.ACCESS_TOKEN_VARIABLE, oidc.token("carol")), noTerminal(),
                withFlight("--format", "csv",
                        "-e", "SELECT current_user AS who; SELECT count(*) AS n FROM shop.orders"));

        assertSucceeded(fromOption);
        assertThat(fromOption.out()).isEqualTo("who\nbob\n");
        assertSucceeded(fromEnvironment);
        assertThat(fromEnvironment.out()).isEqualTo("who\ncarol\nn\n2\n");
    }

    @Test
    void trinoLogsInWithAPromptedPasswordOnEveryRequest() {
        oidc.expectLogin("dave");
        AtomicInteger prompts = new AtomicInteger();
        // Enough rows for several pages: every nextUri poll must carry the credentials too.
        CliRun result = CliRun.of(Map.of(), prompt -> {
            prompts.incrementAndGet();
            assertThat(prompt).isEqualTo("Password for dave: ");
            return Optional.of(PASSWORD);
        }, withTrino("--user", "dave", "--password", "--format", "csv", "-e", "SELECT current_user AS who; "
                + "SELECT count(*) AS n FROM (SELECT a.x FROM " + digits("a") + " CROSS JOIN " + digits("b")
                + " CROSS JOIN " + digits("c") + " CROSS JOIN " + digits("d") + ")"));

        assertSucceeded(result);
        assertThat(prompts).hasValue(1);
        assertThat(result.out()).isEqualTo("who\ndave\nn\n10000\n");
    }

    @Test
    void trinoSendsAnAccessToken() {
        String bigResult = "SELECT a.x * 1000 + b.x * 100 + c.x * 10 + d.x AS n FROM " + digits("a") + " CROSS JOIN "
                + digits("b") + " CROSS JOIN " + digits("c") + " CROSS JOIN " + digits("d");
        CliRun result = trino("--user", "nobody", "--access-token", oidc.token("erin"), "--format", "csv",
                "-e", "SELECT current_user AS who; " + bigResult);

        assertSucceeded(result);
        List<String> lines = result.out().lines().toList();
        assertThat(lines.subList(0, 3)).containsExactly("who", "erin", "n");
        assertThat(lines).hasSize(3 + 10_000);
    }

    @Test
    void aRefusedTokenIsOneLineAndNeverPrinted() {
        String expired = oidc.token("alice", Duration.ofMinutes(-5));
        String valid = oidc.token("alice");
        String tampered = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (String token : List.of(expired, tampered, "garbage")) {
            for (boolean overTrino : List.of(false, true)) {
                String[] args = {"--access-token", token, "--debug", "-e", "SELECT 1"};
                CliRun result = overTrino ? trino(args) : flight(args);

                assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
                assertThat(result.out()).isEmpty();
                assertThat(result.errorLines()).singleElement().asString()
                        .startsWith("Error: AUTHENTICATION_FAILED: ").doesNotContain("--access-token");
                assertThat(result.err()).doesNotContain(token);
            }
        }
    }

    @Test
    void withoutCredentialsTheServerAsksForThem() {
        CliRun overTrino = trino("-e", "SELECT 1");
        CliRun overFlight = flight("-e", "SELECT 1");

        assertThat(overTrino.exitCode()).isEqualTo(1);
        assertThat(overTrino.errorLines()).containsExactly("Error: AUTHENTICATION_FAILED: authentication required: "
                + "send a user and password (Basic) or a bearer token (log in with --password or --access-token)");
        assertThat(overFlight.exitCode()).isEqualTo(1);
        assertThat(overFlight.errorLines()).containsExactly("Error: AUTHENTICATION_FAILED: a user name and a "
                + "password are required (log in with --password or --access-token)");
    }

    @Test
    void catalogAndSchemaResolveUnqualifiedNames() {
        String token = oidc.token("alice");
        String query = "SELECT item FROM orders ORDER BY id";
        CliRun overFlight = flight("--access-token", token, "--catalog", "iceberg", "--schema", "shop",
                "--format", "csv", "-e", query);
        CliRun overTrino = trino("--access-token", token, "--catalog", "iceberg", "--schema", "shop",
                "--format", "csv", "-e", query);
        CliRun schemaOnly = flight("--access-token", token, "--schema", "shop", "--format", "csv", "-e", query);

        assertSucceeded(overFlight);
        assertThat(overFlight.out()).isEqualTo("item\npen\nink\n");
        assertSucceeded(overTrino);
        assertThat(overTrino.out()).isEqualTo("item\npen\nink\n");
        assertSucceeded(schemaOnly);
        assertThat(schemaOnly.out()).isEqualTo("item\npen\nink\n");
    }

    @Test
    void aWrongCatalogOrSchemaFailsAtConnect() {
        String token = oidc.token("alice");
        CliRun unknownSchema = flight("--access-token", token, "--schema", "nowhere", "-e", "SELECT 1");
        CliRun unknownCatalog = flight("--access-token", token, "--catalog", "elsewhere", "-e", "SELECT 1");

        assertThat(unknownSchema.exitCode()).isEqualTo(1);
        assertThat(unknownSchema.errorLines()).singleElement().asString()
                .startsWith("Error: SCHEMA_NOT_FOUND: ").contains("nowhere");
        assertThat(unknownCatalog.exitCode()).isEqualTo(1);
        assertThat(unknownCatalog.errorLines()).singleElement().asString()
                .startsWith("Error: CATALOG_NOT_FOUND: ").contains("elsewhere");
    }

    @Test
    void theServerCertificateIsVerifiedUnlessInsecure() {
        String token = oidc.token("alice");
        for (Protocol protocol : Protocol.values()) {
            String port = String.valueOf(port(protocol));
            CliRun unverified = CliRun.of("--protocol", protocol.name(), "--port", port, "--tls",
                    "--access-token", token, "-e", "SELECT 1");
            CliRun trusted = CliRun.of("--protocol", protocol.name(), "--port", port, "--tls",
                    "--trust-store", certificates.certificate().toString(), "--access-token", token,
                    "--format", "csv", "-e", "SELECT 1 AS x");

            assertThat(unverified.exitCode()).as(protocol.name()).isEqualTo(1);
            assertThat(unverified.errorLines()).as(protocol.name()).containsExactly("Error: TLS handshake with "
                    + "127.0.0.1:" + port + " failed: unable to find valid certification path to requested target "
                    + "(for a private or self-signed certificate, use --trust-store FILE, or --insecure to try it "
                    + "out)");
            assertSucceeded(trusted);
            assertThat(trusted.out()).isEqualTo("x\n1\n");
        }
    }

    @Test
    void plainTextAgainstATlsPortSaysSo() {
        for (Protocol protocol : Protocol.values()) {
            String port = String.valueOf(port(protocol));
            CliRun result = CliRun.of("--protocol", protocol.name(), "--port", port, "-e", "SELECT 1");

            assertThat(result.exitCode()).as(protocol.name()).isEqualTo(1);
            assertThat(result.errorLines()).as(protocol.name()).containsExactly("Error: the server at 127.0.0.1:"
                    + port + " closed the connection at once; if it uses TLS, add --tls");
        }
    }

    private int port(Protocol protocol) {
        return switch (protocol) {
            case FLIGHT -> server.flightSqlPort();
            case TRINO -> server.trinoHttpPort();
        };
    }

    private CliRun flight(String... args) {
        return CliRun.of(withFlight(args));
    }

    private CliRun trino(String... args) {
        return CliRun.of(withTrino(args));
    }

    private String[] withFlight(String... args) {
        return with(List.of("--port", String.valueOf(server.flightSqlPort()), "--tls", "--insecure"), args);
    }

    private String[] withTrino(String... args) {
        return with(List.of("--protocol", "trino", "--port", String.valueOf(server.trinoHttpPort()), "--tls",
                "--insecure"), args);
    }

    private static String[] with(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private static Function<String, Optional<String>> noTerminal() {
        return prompt -> {
            throw new AssertionError("prompted although the password is in the environment");
        };
    }

    private static String digits(String alias) {
        return "(VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9) AS " + alias + "(x)";
    }

    private static void assertSucceeded(CliRun result) {
        assertThat(result.errorLines()).as(result.err()).isEmpty();
        assertThat(result.exitCode()).as(result.err()).isZero();
    }
}
