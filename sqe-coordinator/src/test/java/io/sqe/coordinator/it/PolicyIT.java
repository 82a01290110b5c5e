package io.sqe.coordinator.it;

import static io.sqe.coordinator.it.QueryAssertions.columnNames;
import static io.sqe.coordinator.it.QueryAssertions.execute;
import static io.sqe.coordinator.it.QueryAssertions.row;
import static io.sqe.coordinator.it.QueryAssertions.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqe.catalog.testing.TestCertificates;
import io.sqe.catalog.testing.OidcTestServer;
import io.sqe.core.config.AuthConfig;
import io.sqe.core.config.PolicyConfig;
import io.sqe.core.config.Secret;
import io.sqe.core.config.SqeConfig;
import io.sqe.core.config.TlsConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access policies end to end ({@code [policy] engine = "file"}): users log in against a real OIDC server, which
 * gives them their roles, and query over Flight SQL JDBC and trino-jdbc, both over TLS. {@code adm} (role admin)
 * may do everything; {@code ana} (role analyst) may not touch {@code hr}, sees only the EU customers with hashed
 * e-mails, partly shown card numbers and no {@code secret} column, may read the rest of {@code sales} and may
 * write only in {@code sandbox}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyIT {
    private static final String MASK_KEY = "mask-key-that-must-not-leak";
    private static final String RULES = """
            version: 1
            rules:
              - name: admins
                roles: [admin]
                privileges: [all]
              - name: analysts-no-hr
                roles: [analyst]
                catalog: iceberg
                schema: hr
                privileges: [all]
                effect: deny
              - name: analysts-customers
                roles: [analyst]
                catalog: iceberg
                schema: sales
                table: customers
                privileges: [select]
                hide_columns: [secret]
                row_filter: "region = '%s'"
                masks:
                  email: {type: hash}
                  card: {type: show_last, count: 4}
              - name: analysts-vault
                roles: [analyst]
                catalog: iceberg
                schema: sales
                table: vault
                privileges: [select]
                hide_columns: ["*"]
              - name: analysts-sales
                roles: [analyst]
                catalog: iceberg
                schema: sales
                privileges: [select]
              - name: analysts-sandbox
                roles: [analyst]
                catalog: iceberg
                schema: sandbox
                privileges: [all]
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private OidcTestServer oidc;
    private TestServer server;
    private Path rulesFile;
    private Path auditFile;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        oidc = OidcTestServer.start();
        TestCertificates certificates = TestCertificates.create(directory);
        rulesFile = directory.resolve("policy.yaml");
        Files.writeString(rulesFile, RULES.formatted("EU"), StandardCharsets.UTF_8);
        auditFile = directory.resolve("audit.jsonl");
        SqeConfig defaults = SqeConfig.defaults();
        SqeConfig config = defaults
                .withAuth(AuthConfig.none().withOidc(URI.create(oidc.issuer()), "sqe", new Secret("sqe-secret")))
                .withCoordinator(defaults.coordinator().withTls(
                        TlsConfig.of(certificates.certificate(), certificates.privateKey())))
                .withMetrics(defaults.metrics().withAuditPath(auditFile))
                .withPolicy(defaults.policy().withRules(PolicyConfig.PolicyEngine.FILE, rulesFile,
                        new Secret(MASK_KEY), Duration.ofMillis(100)));
        server = TestServer.start(directory.resolve("warehouse"), config);
        try (Connection admin = flightSql("adm", "admin")) {
            execute(admin, "CREATE SCHEMA sales", "CREATE SCHEMA hr", "CREATE SCHEMA sandbox",
                    "CREATE TABLE sales.customers AS SELECT * FROM (VALUES"
                            + " (1, 'ann', 'EU', 'ann@example.com', '4111111111111111', 's1'),"
                            + " (2, 'bob', 'US', 'bob@example.com', '5500000000000004', 's2'),"
                            + " (3, 'cid', 'EU', 'cid@example.com', '4000000000000002', 's3'))"
                            + " AS t(id, name, region, email, card, secret)",
                    "CREATE TABLE sales.orders AS SELECT * FROM (VALUES (10, 1, 'ann@example.com', 5),"
                            + " (11, 2, 'bob@example.com', 7), (12, 3, 'cid@example.com', 9),"
                            + " (13, 3, 'cid@example.com', 1)) AS t(order_id, customer_id, email, amount)",
                    "CREATE TABLE sales.vault AS SELECT 42 AS code",
                    "CREATE TABLE hr.salaries AS SELECT 'carol' AS name, 100 AS amount");
        }
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
    void aDeniedTableIsAnAccessErrorNamingTheTableOverBothProtocols() throws Exception {
        try (Connection flight = flightSql("ana", "analyst"); Connection trino = trino("ana", "analyst")) {
            for (String sql : List.of("SELECT * FROM hr.salaries",
                    "SELECT count(*) FROM sales.orders WHERE customer_id IN (SELECT amount FROM hr.salaries)",
                    "WITH s AS (SELECT name FROM hr.salaries) SELECT o.order_id FROM sales.orders o, s")) {
                assertThatThrownBy(() -> rows(flight, sql))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("ACCESS_DENIED")
                        .hasMessageContaining("may not SELECT from table iceberg.hr.salaries")
                        .hasMessageNotContaining("carol");
                assertThatThrownBy(() -> rows(trino, sql))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("may not SELECT from table iceberg.hr.salaries")
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode())
                                .isEqualTo(ErrorCode.ACCESS_DENIED.code()));
            }
            assertThatThrownBy(() -> rows(flight, "SELECT * FROM sales.vault"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("ACCESS_DENIED")
                    .hasMessageContaining("may see no column of table iceberg.sales.vault");
            assertThat(rows(trino, "SELECT table_schema, table_name FROM iceberg.information_schema.tables"
                    + " WHERE table_schema IN ('sales', 'hr') ORDER BY 1, 2"))
                    .containsExactly(row("sales", "customers"), row("sales", "orders"), row("sales", "vault"));
            assertThat(rows(flight, "SHOW SCHEMAS FROM iceberg")).contains(row("sales"), row("sandbox"))
                    .doesNotContain(row("hr"));
        }
    }

    @Test
    void writesAndDdlNeedTheirPrivileges() throws Exception {
        try (Connection analyst = flightSql("ana", "analyst")) {
            assertThatThrownBy(() -> execute(analyst, "INSERT INTO sales.orders VALUES (99, 1, 'x', 1)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("ACCESS_DENIED")
                    .hasMessageContaining("may not INSERT into table iceberg.sales.orders");
            assertThatThrownBy(() -> execute(analyst, "CREATE TABLE sales.mine (x integer)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("ACCESS_DENIED")
                    .hasMessageContaining("may not CREATE table iceberg.sales.mine");
            assertThatThrownBy(() -> execute(analyst, "CREATE TABLE sales.mine AS SELECT 1 AS x"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("ACCESS_DENIED")
                    .hasMessageContaining("may not CREATE table iceberg.sales.mine");
            assertThatThrownBy(() -> execute(analyst, "DROP TABLE sales.orders"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("ACCESS_DENIED")
                    .hasMessageContaining("may not DROP table iceberg.sales.orders");
            assertThatThrownBy(() -> execute(analyst, "CREATE SCHEMA elsewhere"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("ACCESS_DENIED")
                    .hasMessageContaining("may not CREATE schema iceberg.elsewhere");
            execute(analyst, "CREATE TABLE sandbox.scratch (name varchar)");
            assertThatThrownBy(() -> execute(analyst, "INSERT INTO sandbox.scratch SELECT name FROM hr.salaries"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("ACCESS_DENIED")
                    .hasMessageContaining("may not SELECT from table iceberg.hr.salaries");
            assertThatThrownBy(() -> execute(analyst,
                    "EXPLAIN INSERT INTO sandbox.scratch SELECT name FROM hr.salaries"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("ACCESS_DENIED");
            execute(analyst, "INSERT INTO sandbox.scratch SELECT name FROM sales.customers", "DROP TABLE sandbox.scratch");
        }
        try (Connection admin = flightSql("adm", "admin")) {
            assertThat(rows(admin, "SELECT count(*) FROM sales.orders")).containsExactly(row("4"));
        }
    }

    @Test
    void hiddenColumnsAreInvisibleEverywhere() throws Exception {
        List<String> visible = List.of("id", "name", "region", "email", "card");
        try (Connection flight = flightSql("ana", "analyst"); Connection trino = trino("ana", "analyst")) {
            for (Connection connection : List.of(flight, trino)) {
                assertThat(columnNames(connection, "SELECT * FROM sales.customers")).containsExactlyElementsOf(visible);
                assertThat(rows(connection, "DESCRIBE sales.customers").stream().map(r -> r.get(0)).toList())
                        .containsExactlyElementsOf(visible);
                assertThat(rows(connection, "SELECT column_name FROM iceberg.information_schema.columns"
                        + " WHERE table_schema = 'sales' AND table_name = 'customers' ORDER BY ordinal_position"))
                        .containsExactly(row("id"), row("name"), row("region"), row("email"), row("card"));
                assertThat(metadataColumns(connection)).containsExactlyElementsOf(visible);
                assertThatThrownBy(() -> rows(connection, "SELECT secret FROM sales.customers"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("Column 'secret' not found");
            }
            assertThat(rows(flight, "SHOW CREATE TABLE sales.customers").get(0).get(0))
                    .contains("\"card\"").doesNotContain("secret");
        }
        try (Connection admin = flightSql("adm", "admin")) {
            assertThat(columnNames(admin, "SELECT * FROM sales.customers")).contains("secret");
        }
    }

    @Test
    void rowFiltersApplyInsideJoinsSubqueriesCtesUnionsAndWindows() throws Exception {
        try (Connection flight = flightSql("ana", "analyst"); Connection trino = trino("ana", "analyst")) {
            for (Connection connection : List.of(flight, trino)) {
                assertThat(rows(connection, "SELECT id FROM sales.customers ORDER BY id"))
                        .containsExactly(row("1"), row("3"));
                assertThat(rows(connection, "SELECT o.order_id FROM sales.orders o JOIN sales.customers c"
                        + " ON o.customer_id = c.id ORDER BY 1")).containsExactly(row("10"), row("12"), row("13"));
                assertThat(rows(connection, "SELECT count(*) FROM sales.orders"
                        + " WHERE customer_id IN (SELECT id FROM sales.customers)")).containsExactly(row("3"));
                assertThat(rows(connection, "SELECT count(*) FROM sales.orders o WHERE NOT EXISTS"
                        + " (SELECT 1 FROM sales.customers c WHERE c.id = o.customer_id)")).containsExactly(row("1"));
                assertThat(rows(connection, "WITH c AS (SELECT * FROM sales.customers WHERE region <> 'XX')"
                        + " SELECT count(*) FROM c")).containsExactly(row("2"));
                assertThat(rows(connection, "SELECT count(*) FROM (SELECT id FROM sales.customers UNION ALL"
                        + " SELECT id FROM sales.customers WHERE region = 'US') t")).containsExactly(row("2"));
                assertThat(rows(connection, "SELECT id, count(*) OVER (), max(id) OVER () FROM sales.customers"
                        + " ORDER BY id")).containsExactly(row("1", "2", "3"), row("3", "2", "3"));
                assertThat(rows(connection, "SELECT count(*) FROM sales.customers WHERE region = 'US'"))
                        .containsExactly(row("0"));
            }
            // A policy hint written in the SQL text does not switch the policy off.
            assertThat(rows(flight, "SELECT count(*) FROM sales.customers /*+ sqe_policy_applied */"))
                    .containsExactly(row("2"));
        }
    }

    @Test
    void masksHoldUnderFiltersGroupingDistinctAndJoins() throws Exception {
        try (Connection flight = flightSql("ana", "analyst"); Connection trino = trino("ana", "analyst")) {
            for (Connection connection : List.of(flight, trino)) {
                List<List<String>> masked = rows(connection, "SELECT email, card FROM sales.customers ORDER BY id");
                assertThat(masked).hasSize(2);
                assertThat(masked.get(0).get(0)).matches("[0-9a-f]{64}");
                assertThat(masked.get(0).get(1)).isEqualTo("************1111");
                assertThat(masked.get(1).get(1)).isEqualTo("************0002");
                assertThat(rows(connection, "SELECT count(*) FROM sales.customers WHERE email = 'ann@example.com'"))
                        .containsExactly(row("0"));
                assertThat(rows(connection, "SELECT count(*) FROM sales.customers WHERE card LIKE '4111%'"))
                        .containsExactly(row("0"));
                assertThat(rows(connection, "SELECT email, count(*) FROM sales.customers GROUP BY email"))
                        .hasSize(2).allSatisfy(r -> assertThat(r.get(0)).matches("[0-9a-f]{64}"));
                assertThat(rows(connection, "SELECT count(DISTINCT email) FROM sales.customers"))
                        .containsExactly(row("2"));
                // Raw e-mails in orders never meet the pseudonyms; pseudonyms still join with each other.
                assertThat(rows(connection, "SELECT count(*) FROM sales.customers c JOIN sales.orders o"
                        + " ON c.email = o.email")).containsExactly(row("0"));
                assertThat(rows(connection, "SELECT count(*) FROM sales.customers a JOIN sales.customers b"
                        + " ON a.email = b.email")).containsExactly(row("2"));
            }
        }
    }

    @Test
    void aFilterOnAMaskedColumnNeverReachesTheScanAsAFilterOnTheStoredValue() throws Exception {
        try (Connection analyst = flightSql("ana", "analyst")) {
            String plan = String.join("\n", rows(analyst, "EXPLAIN SELECT id FROM sales.customers"
                    + " WHERE email = 'ann@example.com' AND card = '4111111111111111'").get(0));
            assertThat(plan).contains("pruningFilters").contains("sqe_mask_hash").contains("'EU'")
                    .doesNotContain(MASK_KEY);
            // The scan sees the comparisons only on the mask expressions, never on a bare column reference.
            assertThat(plan).doesNotContainPattern("=\\(\\$\\d+, 'ann@example.com'\\)")
                    .doesNotContainPattern("=\\(\\$\\d+, '4111111111111111'\\)");
        }
        try (Connection admin = flightSql("adm", "admin")) {
            String plan = rows(admin, "EXPLAIN SELECT id FROM sales.customers WHERE email = 'ann@example.com'")
                    .get(0).get(0);
            assertThat(plan).containsPattern("pruningFilters=\\[\\[=\\(\\$\\d+, 'ann@example.com'\\)");
        }
    }

    @Test
    void createTableAsSelectAndInsertCopyOnlyWhatTheUserSees() throws Exception {
        try (Connection analyst = flightSql("ana", "analyst")) {
            execute(analyst, "CREATE TABLE sandbox.copy AS SELECT * FROM sales.customers",
                    "INSERT INTO sandbox.copy SELECT * FROM sales.customers WHERE id = 3");
        }
        try (Connection admin = flightSql("adm", "admin")) {
            assertThat(columnNames(admin, "SELECT * FROM sandbox.copy"))
                    .containsExactly("id", "name", "region", "email", "card");
            List<List<String>> copied = rows(admin, "SELECT id, region, email, card FROM sandbox.copy ORDER BY id");
            assertThat(copied).extracting(r -> r.get(0)).containsExactly("1", "3", "3");
            assertThat(copied).allSatisfy(r -> {
                assertThat(r.get(1)).isEqualTo("EU");
                assertThat(r.get(2)).matches("[0-9a-f]{64}");
                assertThat(r.get(3)).startsWith("************");
            });
            execute(admin, "DROP TABLE sandbox.copy");
        }
    }

    @Test
    void preparedStatementsGoThroughThePolicy() throws Exception {
        try (Connection flight = flightSql("ana", "analyst"); Connection trino = trino("ana", "analyst")) {
            for (Connection connection : List.of(flight, trino)) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM sales.customers WHERE region = ? OR email = ?")) {
                    statement.setString(1, "US");
                    statement.setString(2, "ann@example.com");
                    try (ResultSet result = statement.executeQuery()) {
                        assertThat(QueryAssertions.rows(result)).containsExactly(row("0"));
                    }
                    statement.setString(1, "EU");
                    try (ResultSet result = statement.executeQuery()) {
                        assertThat(QueryAssertions.rows(result)).containsExactly(row("2"));
                    }
                }
            }
            assertThat(rows(trino, "EXECUTE IMMEDIATE 'SELECT count(*) FROM sales.customers WHERE region = ?'"
                    + " USING 'US'")).containsExactly(row("0"));
        }
    }

    @Test
    void editingTheRulesFileChangesAnswersWithoutARestart() throws Exception {
        try (Connection analyst = flightSql("ana", "analyst")) {
            assertThat(rows(analyst, "SELECT id FROM sales.customers ORDER BY id")).containsExactly(row("1"), row("3"));
            try {
                Files.writeString(rulesFile, RULES.formatted("US"), StandardCharsets.UTF_8);
                awaitRows(analyst, "SELECT id FROM sales.customers ORDER BY id", List.of(row("2")));
                // An invalid version is ignored: the last good rules stay in force.
                Files.writeString(rulesFile, "rules: [{name: broken, typo: 1}]", StandardCharsets.UTF_8);
                Thread.sleep(500);
                assertThat(rows(analyst, "SELECT id FROM sales.customers ORDER BY id")).containsExactly(row("2"));
            } finally {
                Files.writeString(rulesFile, RULES.formatted("EU"), StandardCharsets.UTF_8);
            }
            awaitRows(analyst, "SELECT id FROM sales.customers ORDER BY id", List.of(row("1"), row("3")));
        }
    }

    @Test
    void theAuditRecordListsThePoliciesThatApplied() throws Exception {
        try (Connection analyst = flightSql("ana", "analyst")) {
            rows(analyst, "SELECT count(*) AS audit_marker_1 FROM sales.customers c JOIN sales.orders o"
                    + " ON c.id = o.customer_id");
            assertThatThrownBy(() -> rows(analyst, "SELECT 'audit_marker_2' FROM hr.salaries"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("ACCESS_DENIED");
        }
        JsonNode allowed = auditRecord("audit_marker_1");
        assertThat(allowed.get("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(texts(allowed.get("policies"))).containsExactly("analysts-customers", "analysts-sales");
        assertThat(texts(allowed.get("roles"))).containsExactly("analyst");
        JsonNode denied = auditRecord("audit_marker_2");
        assertThat(denied.get("error_code").asText()).isEqualTo("ACCESS_DENIED");
        assertThat(texts(denied.get("policies"))).containsExactly("analysts-no-hr");
    }

    @Test
    void aMissingOrInvalidRulesFileStopsTheServerFromStarting(@TempDir Path directory) throws IOException {
        SqeConfig defaults = SqeConfig.defaults();
        Path missing = directory.resolve("missing.yaml");
        SqeConfig config = defaults.withPolicy(defaults.policy().withRules(PolicyConfig.PolicyEngine.FILE, missing,
                new Secret(""), Duration.ofSeconds(1)));
        assertThatThrownBy(() -> TestServer.start(directory.resolve("warehouse"), config))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("Policy rules file " + missing + " is invalid: the file does not exist")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.CONFIGURATION_INVALID);
        Path invalid = directory.resolve("invalid.yaml");
        Files.writeString(invalid, "rules: [{name: r, privileges: [select], efect: allow}]", StandardCharsets.UTF_8);
        SqeConfig invalidConfig = defaults.withPolicy(defaults.policy().withRules(PolicyConfig.PolicyEngine.FILE,
                invalid, new Secret(""), Duration.ofSeconds(1)));
        assertThatThrownBy(() -> TestServer.start(directory.resolve("warehouse"), invalidConfig))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("Policy rules file " + invalid + " is invalid")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.CONFIGURATION_INVALID);
    }

    private void awaitRows(Connection connection, String sql, List<List<String>> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<List<String>> actual = rows(connection, sql);
        while (!actual.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            actual = rows(connection, sql);
        }
        assertThat(actual).isEqualTo(expected);
    }

    private JsonNode auditRecord(String marker) throws IOException {
        for (String line : Files.readAllLines(auditFile, StandardCharsets.UTF_8)) {
            JsonNode record = JSON.readTree(line);
            if (record.get("sql").asText().contains(marker)) {
                return record;
            }
        }
        throw new AssertionError("no audit record for " + marker);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<String> metadataColumns(Connection connection) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        List<String> columns = new ArrayList<>();
        try (ResultSet result = metadata.getColumns("iceberg", "sales", "customers", "%")) {
            while (result.next()) {
                columns.add(result.getString("COLUMN_NAME"));
            }
        }
        return columns;
    }

    private Connection flightSql(String user, String role) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("token", oidc.token(user, List.of(role)));
        String url = "jdbc:arrow-flight-sql://127.0.0.1:" + server.port()
                + "?useEncryption=true&disableCertificateVerification=true";
        return FlightSqlJdbcDriver.INSTANCE.connect(url, properties);
    }

    private Connection trino(String user, String role) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("SSL", "true");
        properties.setProperty("SSLVerification", "NONE");
        properties.setProperty("accessToken", oidc.token(user, List.of(role)));
        return TrinoJdbcDriver.INSTANCE.connect("jdbc:trino://127.0.0.1:" + server.trinoPort() + "/iceberg",
                properties);
    }
}
