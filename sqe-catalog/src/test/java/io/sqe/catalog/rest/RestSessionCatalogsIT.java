package io.sqe.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.catalog.CatalogCallObserver;
import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.testing.RestCatalogEnvironment;
import io.sqe.catalog.testing.RestCatalogServer.CredentialVending;
import io.sqe.core.config.CatalogConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.core.session.Session;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Users see the REST catalog through their own tokens: the catalog's grants decide, and bad tokens reach nothing. */
final class RestSessionCatalogsIT {
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

    private static RestCatalogEnvironment environment;
    private static RestSessionCatalogs catalogs;

    @BeforeAll
    static void start() {
        environment = RestCatalogEnvironment.start(
                Map.of("admin", Set.of("*"), "alice", Set.of("sales", "shared"), "bob", Set.of("hr", "shared")),
                CredentialVending.CONFIG);
        catalogs = new RestSessionCatalogs(
                environment.catalogConfig(), environment.storageConfig(true), CatalogCallObserver.NONE);
        SessionCatalog admin = catalogs.forSession(environment.session("admin"));
        for (String schema : new String[] {"sales", "hr", "shared"}) {
            admin.createSchema(schema, false);
        }
        admin.createTable("sales", "orders", SCHEMA, PartitionSpec.unpartitioned(), false);
        admin.createTable("hr", "salaries", SCHEMA, PartitionSpec.unpartitioned(), false);
        admin.createTable("shared", "calendar", SCHEMA, PartitionSpec.unpartitioned(), false);
    }

    @AfterAll
    static void stop() {
        if (catalogs != null) {
            catalogs.close();
        }
        if (environment != null) {
            environment.close();
        }
    }

    @Test
    void usersListOnlyTheSchemasAndTablesGrantedToThem() {
        SessionCatalog alice = catalogs.forSession(environment.session("alice"));
        SessionCatalog bob = catalogs.forSession(environment.session("bob"));
        SessionCatalog admin = catalogs.forSession(environment.session("admin"));

        assertThat(alice.listSchemas()).containsExactly("sales", "shared");
        assertThat(bob.listSchemas()).containsExactly("hr", "shared");
        assertThat(admin.listSchemas()).containsExactly("hr", "sales", "shared");
        assertThat(alice.listTables("sales")).containsExactly("orders");
        assertThat(bob.listTables("hr")).containsExactly("salaries");
        assertThat(alice.loadTable("shared", "calendar").schema().asStruct()).isEqualTo(SCHEMA.asStruct());
        assertThat(bob.loadTable("shared", "calendar").schema().asStruct()).isEqualTo(SCHEMA.asStruct());
    }

    @Test
    void aSchemaThatIsNotGrantedLooksExactlyLikeOneThatDoesNotExist() {
        SessionCatalog alice = catalogs.forSession(environment.session("alice"));

        assertThat(alice.schemaExists("hr")).isFalse();
        assertThat(alice.schemaExists("sales")).isTrue();
        assertThat(alice.findTable("hr", "salaries")).isEmpty();
        assertThatThrownBy(() -> alice.loadTable("hr", "salaries"))
                .isInstanceOf(SqeException.class)
                .hasMessage("Schema 'iceberg.hr' does not exist")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.SCHEMA_NOT_FOUND);
        assertThatThrownBy(() -> alice.loadTable("nosuch", "salaries"))
                .isInstanceOf(SqeException.class)
                .hasMessage("Schema 'iceberg.nosuch' does not exist")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.SCHEMA_NOT_FOUND);
        assertThatThrownBy(() -> alice.listTables("hr"))
                .isInstanceOf(SqeException.class)
                .hasMessage("Schema 'iceberg.hr' does not exist")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.SCHEMA_NOT_FOUND);
        assertThatThrownBy(() -> alice.createTable("hr", "mine", SCHEMA, PartitionSpec.unpartitioned(), false))
                .isInstanceOf(SqeException.class)
                .hasMessage("Schema 'iceberg.hr' does not exist")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.SCHEMA_NOT_FOUND);
        assertThatThrownBy(() -> alice.dropTable("hr", "salaries", false))
                .isInstanceOf(SqeException.class)
                .hasMessage("Schema 'iceberg.hr' does not exist")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.SCHEMA_NOT_FOUND);
        // Nothing happened to bob's table.
        assertThat(catalogs.forSession(environment.session("bob")).listTables("hr")).containsExactly("salaries");
    }

    @Test
    void aSessionWithoutATokenIsRefused() {
        Session anonymous = RestCatalogEnvironment.anonymousSession("alice");

        assertThatThrownBy(() -> catalogs.forSession(anonymous).listSchemas())
                .isInstanceOf(SqeException.class)
                .hasMessage("the REST catalog needs an authenticated user; configure [auth]")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void expiredAndTamperedTokensReachNothing() {
        String expired = environment.oidc().token("alice", Duration.ofMinutes(-10));
        String valid = environment.oidc().token("alice");
        String[] parts = valid.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("\"alice\"", "\"admin\"")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String tampered = parts[0] + "." + forgedPayload + "." + parts[2];

        for (String token : new String[] {expired, tampered, "not-a-jwt"}) {
            SessionCatalog catalog = catalogs.forSession(
                    RestCatalogEnvironment.session("alice", token, Instant.now().plusSeconds(60)));
            assertThatThrownBy(catalog::listSchemas)
                    .isInstanceOf(SqeException.class)
                    .hasMessage("the catalog rejected your token; log in again")
                    .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            assertThatThrownBy(() -> catalog.loadTable("sales", "orders"))
                    .isInstanceOf(SqeException.class)
                    .hasMessage("the catalog rejected your token; log in again")
                    .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            assertThatThrownBy(() -> catalog.schemaExists("sales"))
                    .isInstanceOf(SqeException.class)
                    .hasMessage("the catalog rejected your token; log in again")
                    .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        }
    }

    @Test
    void eachTokenGetsItsOwnViewAndARefreshedTokenIsUsedAtOnce() {
        String first = environment.oidc().token("alice");
        String second = environment.oidc().token("alice");
        Instant expiry = Instant.now().plus(Duration.ofHours(1));
        SessionCatalog firstView = catalogs.forSession(RestCatalogEnvironment.session("alice", first, expiry));

        assertThat(catalogs.forSession(RestCatalogEnvironment.session("alice", first, expiry))).isSameAs(firstView);
        SessionCatalog secondView = catalogs.forSession(RestCatalogEnvironment.session("alice", second, expiry));
        assertThat(secondView).isNotSameAs(firstView);
        assertThat(secondView.listSchemas()).containsExactly("sales", "shared");
        // bob presenting a token is bob, whatever alice's views hold.
        assertThat(catalogs.forSession(environment.session("bob")).listSchemas()).containsExactly("hr", "shared");
    }

    @Test
    void aViewEndsWithItsToken() {
        RestSessionCatalogs shortLived = new RestSessionCatalogs(environment.catalogConfig(),
                environment.storageConfig(true), CatalogCallObserver.NONE);
        try (shortLived) {
            String token = environment.oidc().token("alice");
            shortLived.forSession(RestCatalogEnvironment.session(
                    "alice", token, Instant.now().minus(RestSessionCatalogs.EXPIRY_GRACE).minusSeconds(1)));
            assertThat(shortLived.cachedViews()).isZero();
            shortLived.forSession(RestCatalogEnvironment.session("alice", token, Instant.now().plusSeconds(600)));
            assertThat(shortLived.cachedViews()).isOne();
        }
    }

    @Test
    void reachableAsksTheCatalogsConfigEndpoint() {
        assertThat(catalogs.reachable()).isTrue();

        CatalogConfig nowhere = environment.catalogConfig().withRest(URI.create("http://127.0.0.1:1"), "s3://x/");
        try (RestSessionCatalogs unreachable = new RestSessionCatalogs(
                nowhere, environment.storageConfig(false), CatalogCallObserver.NONE)) {
            assertThat(unreachable.reachable()).isFalse();
            assertThatThrownBy(() -> unreachable.forSession(environment.session("alice")))
                    .isInstanceOf(SqeException.class)
                    .hasMessageStartingWith("Cannot reach the REST catalog at http://127.0.0.1:1")
                    .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.CATALOG_UNAVAILABLE);
        }
    }
}
