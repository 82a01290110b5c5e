package io.sqe.coordinator.it;

import static io.sqe.coordinator.it.QueryAssertions.execute;
import static io.sqe.coordinator.it.QueryAssertions.row;
import static io.sqe.coordinator.it.QueryAssertions.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.catalog.testing.TestCertificates;
import io.sqe.catalog.testing.RestCatalogEnvironment;
import io.sqe.catalog.testing.RestCatalogServer.CredentialVending;
import io.sqe.core.config.AuthConfig;
import io.sqe.core.config.Secret;
import io.sqe.core.config.SqeConfig;
import io.sqe.core.config.TlsConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production shape on one machine: users log in against a real OIDC server, SQE calls Iceberg's REST catalog
 * server with each user's own token, and table files live in S3Proxy, read and written with the credentials the
 * catalog vends. Both client endpoints run over TLS. alice may see the namespace {@code sales}, bob only {@code hr}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityAndStorageIT {
    private RestCatalogEnvironment environment;
    private TestServer server;
    private Path auditFile;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        environment = RestCatalogEnvironment.start(
                Map.of("alice", Set.of("sales"), "bob", Set.of("hr")), CredentialVending.CONFIG);
        TestCertificates certificates = TestCertificates.create(directory);
        auditFile = directory.resolve("audit.jsonl");
        SqeConfig defaults = SqeConfig.defaults();
        SqeConfig config = defaults
                .withCatalog(environment.catalogConfig())
                .withStorage(environment.storageConfig(true))
                .withAuth(AuthConfig.none().withOidc(URI.create(environment.oidc().issuer()), "sqe",
                        new Secret("sqe-secret")))
                .withCoordinator(defaults.coordinator().withTls(
                        TlsConfig.of(certificates.certificate(), certificates.privateKey())))
                .withMetrics(defaults.metrics().withAuditPath(auditFile));
        server = TestServer.startAsConfigured(config);
        try (Connection alice = flightSql(environment.oidc().token("alice"));
                Connection bob = flightSql(environment.oidc().token("bob"))) {
            execute(alice, "CREATE SCHEMA sales",
                    "CREATE TABLE sales.orders AS SELECT * FROM (VALUES (1, 'pen', 2.50), (2, 'ink', 12.00))"
                            + " AS t(id, item, price)");
            execute(bob, "CREATE SCHEMA hr", "CREATE TABLE hr.salaries AS SELECT 'carol' AS name, 100 AS amount");
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (environment != null) {
            environment.close();
        }
    }

    @Test
    void ctasWritesParquetIntoS3ThroughVendedCredentialsAndReadsItBack() throws Exception {
        try (Connection alice = flightSql(environment.oidc().token("alice"))) {
            assertThat(rows(alice, "SELECT id, item, price FROM sales.orders ORDER BY id"))
                    .containsExactly(row("1", "pen", "2.50"), row("2", "ink", "12.00"));
        }
        Path data = environment.s3().basedir().resolve(RestCatalogEnvironment.BUCKET);
        try (Stream<Path> files = Files.walk(data)) {
            List<Path> parquet = files.filter(file -> file.toString().contains("/sales/orders/data/")
                    && file.toString().endsWith(".parquet")).toList();
            assertThat(parquet).isNotEmpty();
            byte[] bytes = Files.readAllBytes(parquet.get(0));
            assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        }
    }

    @Test
    void eachUserSeesOnlyWhatTheCatalogGrantsThem() throws Exception {
        try (Connection bob = flightSql(environment.oidc().token("bob"))) {
            assertThat(rows(bob, "SHOW SCHEMAS FROM iceberg")).contains(row("hr")).doesNotContain(row("sales"));
            assertThat(rows(bob, "SELECT table_schema, table_name FROM iceberg.information_schema.tables"
                    + " WHERE table_schema <> 'information_schema'")).containsExactly(row("hr", "salaries"));
            assertThat(tablesInMetadata(bob)).containsExactly("hr.salaries");
            assertThatThrownBy(() -> rows(bob, "SELECT * FROM sales.orders"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("does not exist");
        }
        try (Connection alice = flightSql(environment.oidc().token("alice"))) {
            assertThat(tablesInMetadata(alice)).containsExactly("sales.orders");
            assertThatThrownBy(() -> rows(alice, "SELECT * FROM hr.salaries"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("does not exist");
        }
    }

    @Test
    void flightSqlLogsInWithAPasswordThroughThePasswordGrant() throws Exception {
        environment.oidc().expectLogin("alice");
        Properties properties = new Properties();
        properties.setProperty("user", "alice");
        properties.setProperty("password", "alice's password");
        try (Connection alice = FlightSqlJdbcDriver.INSTANCE.connect(flightSqlUrl(), properties)) {
            assertThat(rows(alice, "SELECT current_user, count(*) FROM sales.orders GROUP BY 1"))
                    .containsExactly(row("alice", "2"));
        }
    }

    @Test
    void withoutAValidTokenNothingIsReachable() {
        String valid = environment.oidc().token("alice");
        String tampered = valid.substring(0, valid.length() - 4)
                + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (String token : List.of(environment.oidc().token("alice", Duration.ofMinutes(-5)), tampered, "garbage")) {
            assertThatThrownBy(() -> {
                try (Connection connection = flightSql(token)) {
                    rows(connection, "SELECT count(*) FROM sales.orders");
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("AUTHENTICATION_FAILED");
        }
        assertThatThrownBy(() -> {
            try (Connection connection = FlightSqlJdbcDriver.INSTANCE.connect(flightSqlUrl(), new Properties())) {
                rows(connection, "SELECT count(*) FROM sales.orders");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("requires authentication");
    }

    @Test
    void aFailedInsertCommitsNothing() throws Exception {
        Table before = environment.catalog().backend().loadTable(TableIdentifier.of("sales", "orders"));
        long snapshots = countSnapshots(before);
        try (Connection alice = flightSql(environment.oidc().token("alice"))) {
            assertThatThrownBy(() -> execute(alice,
                    "INSERT INTO sales.orders SELECT id + 10, item, price / (id - 2) FROM sales.orders"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("DIVISION_BY_ZERO");
            assertThat(rows(alice, "SELECT count(*) FROM sales.orders")).containsExactly(row("2"));
        }
        Table after = environment.catalog().backend().loadTable(TableIdentifier.of("sales", "orders"));
        assertThat(countSnapshots(after)).isEqualTo(snapshots);
    }

    @Test
    void trinoClientsAuthenticateOverTlsWithBearerTokensAndPasswords() throws Exception {
        String https = "https://127.0.0.1:" + server.trinoPort();
        TrinoCli.Result withToken = TrinoCli.run(https, Map.of(), "alice", "CSV",
                "SELECT item FROM iceberg.sales.orders ORDER BY id", "--insecure",
                "--access-token", environment.oidc().token("alice"));
        assertThat(withToken.exitCode()).as(withToken.stderr()).isZero();
        assertThat(withToken.stdout()).isEqualTo("\"pen\"\n\"ink\"\n");

        environment.oidc().expectLogin("bob");
        TrinoCli.Result withPassword = TrinoCli.run(https, Map.of("TRINO_PASSWORD", "any"), "bob", "CSV",
                "SELECT name FROM iceberg.hr.salaries", "--insecure", "--password");
        assertThat(withPassword.exitCode()).as(withPassword.stderr()).isZero();
        assertThat(withPassword.stdout()).isEqualTo("\"carol\"\n");

        Properties properties = new Properties();
        properties.setProperty("user", "alice");
        properties.setProperty("SSL", "true");
        properties.setProperty("SSLVerification", "NONE");
        properties.setProperty("accessToken", environment.oidc().token("alice"));
        try (Connection trino = TrinoJdbcDriver.INSTANCE.connect(
                "jdbc:trino://127.0.0.1:" + server.trinoPort() + "/iceberg", properties)) {
            assertThat(rows(trino, "SELECT count(*) FROM sales.orders")).containsExactly(row("2"));
            assertThatThrownBy(() -> rows(trino, "SELECT * FROM hr.salaries"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("does not exist");
        }

        environment.oidc().expectLogin("bob");
        properties.remove("accessToken");
        properties.setProperty("user", "bob");
        properties.setProperty("password", "bob's password");
        try (Connection trino = TrinoJdbcDriver.INSTANCE.connect(
                "jdbc:trino://127.0.0.1:" + server.trinoPort() + "/iceberg", properties)) {
            assertThat(rows(trino, "SELECT current_user, name FROM hr.salaries")).containsExactly(row("bob", "carol"));
        }
    }

    @Test
    void theTrinoEndpointAnswersUnauthenticatedRequestsWith401() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trustAll()).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + server.trinoPort() + "/v1/statement"))
                .header("X-Trino-User", "alice")
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactlyInAnyOrder("Basic realm=\"SQE\"", "Bearer realm=\"SQE\"");
        assertThat(response.body()).contains("authentication required");
    }

    @Test
    void tokensAndStorageKeysNeverReachTheAuditLogOrExplain() throws Exception {
        String token = environment.oidc().token("alice");
        try (Connection alice = flightSql(token)) {
            rows(alice, "SELECT count(*) FROM sales.orders");
            String plan = String.join("\n", rows(alice, "EXPLAIN SELECT item FROM sales.orders WHERE id = 1")
                    .stream().map(line -> String.join(" ", line)).toList());
            assertThat(plan).contains("orders").doesNotContain(environment.s3().secretAccessKey())
                    .doesNotContain(environment.s3().accessKeyId()).doesNotContain(token);
        }
        String audit = Files.readString(auditFile, StandardCharsets.UTF_8);
        assertThat(audit).contains("\"user\":\"alice\"").doesNotContain(token)
                .doesNotContain(environment.s3().secretAccessKey());
    }

    private static long countSnapshots(Table table) {
        long count = 0;
        for (var ignored : table.snapshots()) {
            count++;
        }
        return count;
    }

    private String flightSqlUrl() {
        return "jdbc:arrow-flight-sql://127.0.0.1:" + server.port()
                + "?useEncryption=true&disableCertificateVerification=true";
    }

    private Connection flightSql(String token) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("token", token);
        return FlightSqlJdbcDriver.INSTANCE.connect(flightSqlUrl(), properties);
    }

    private static List<String> tablesInMetadata(Connection connection) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet result = metadata.getTables(null, null, "%", new String[] {"TABLE"})) {
            while (result.next()) {
                tables.add(result.getString("TABLE_SCHEM") + "." + result.getString("TABLE_NAME"));
            }
        }
        return tables;
    }

    private static SSLContext trustAll() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return context;
    }
}
