package io.sqe.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.catalog.SessionCatalog;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.HashMap;
import java.util.List;
import java.util.function.Supplier;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How {@link SessionCatalog} reports the REST catalog's 401, 403 and 503 answers. */
final class SessionCatalogVisibilityTest {
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

    private final RefusingCatalog iceberg = new RefusingCatalog();
    private SessionCatalog catalog;

    @BeforeEach
    void setUp() {
        iceberg.initialize("test", new HashMap<>());
        iceberg.createNamespace(Namespace.of("sales"));
        iceberg.createTable(TableIdentifier.of("sales", "orders"), SCHEMA, PartitionSpec.unpartitioned());
        catalog = new SessionCatalog("iceberg", iceberg);
    }

    @Test
    void aForbiddenTableFailsExactlyLikeAMissingOne() {
        iceberg.failure = () -> new ForbiddenException("Forbidden: alice may not read sales.orders");

        assertThatThrownBy(() -> catalog.loadTable("sales", "orders"))
                .isInstanceOf(SqeException.class)
                .hasMessage("Table 'iceberg.sales.orders' does not exist")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
        iceberg.failure = null;
        assertThatThrownBy(() -> catalog.loadTable("sales", "missing"))
                .isInstanceOf(SqeException.class)
                .hasMessage("Table 'iceberg.sales.missing' does not exist")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    }

    @Test
    void aForbiddenListingOfSchemasIsEmpty() {
        iceberg.listingFailure = () -> new ForbiddenException("Forbidden");

        assertThat(catalog.listSchemas()).isEmpty();
    }

    @Test
    void aRejectedTokenAsksTheUserToLogInAgain() {
        iceberg.failure = () -> new NotAuthorizedException("Not authorized: token expired");
        iceberg.listingFailure = iceberg.failure;

        assertThatThrownBy(() -> catalog.loadTable("sales", "orders"))
                .isInstanceOf(SqeException.class)
                .hasMessage("the catalog rejected your token; log in again")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThatThrownBy(catalog::listSchemas)
                .isInstanceOf(SqeException.class)
                .hasMessage("the catalog rejected your token; log in again")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void anUnavailableCatalogStaysUnavailable() {
        iceberg.failure = () -> new ServiceUnavailableException("Service unavailable: maintenance");

        assertThatThrownBy(() -> catalog.loadTable("sales", "orders"))
                .isInstanceOf(SqeException.class)
                .hasMessageStartingWith("Catalog 'iceberg' failed: Service unavailable: maintenance")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.CATALOG_UNAVAILABLE);
    }

    /** An in-memory catalog whose table loads and namespace listings fail as the test says. */
    private static final class RefusingCatalog extends InMemoryCatalog {
        private Supplier<RuntimeException> failure;
        private Supplier<RuntimeException> listingFailure;

        @Override
        public Table loadTable(TableIdentifier identifier) {
            if (failure != null) {
                throw failure.get();
            }
            return super.loadTable(identifier);
        }

        @Override
        public List<Namespace> listNamespaces(Namespace namespace) {
            if (listingFailure != null) {
                throw listingFailure.get();
            }
            return super.listNamespaces(namespace);
        }
    }
}
