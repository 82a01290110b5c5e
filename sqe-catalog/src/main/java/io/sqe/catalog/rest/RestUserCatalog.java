package io.sqe.catalog.rest;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * One user's view of the REST catalog (Iceberg's session catalog bound to that user's context), which enforces
 * {@code [storage] require_vended_credentials}: a table whose load or create response vended no storage credentials
 * is refused before anything reads or writes its files.
 */
final class RestUserCatalog implements Catalog, SupportsNamespaces {
    private final Catalog catalog;
    private final SupportsNamespaces namespaces;
    private final String catalogName;
    private final boolean requireVendedCredentials;

    /** @param catalog Iceberg's catalog for one session context; also implements {@link SupportsNamespaces} */
    RestUserCatalog(Catalog catalog, String catalogName, boolean requireVendedCredentials) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.namespaces = (SupportsNamespaces) catalog;
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.requireVendedCredentials = requireVendedCredentials;
    }

    @Override
    public String name() {
        return catalog.name();
    }

    @Override
    public List<TableIdentifier> listTables(Namespace namespace) {
        return catalog.listTables(namespace);
    }

    @Override
    public Table loadTable(TableIdentifier identifier) {
        return checked(identifier, catalog.loadTable(identifier));
    }

    @Override
    public boolean tableExists(TableIdentifier identifier) {
        return catalog.tableExists(identifier);
    }

    @Override
    public boolean dropTable(TableIdentifier identifier, boolean purge) {
        return catalog.dropTable(identifier, purge);
    }

    @Override
    public void renameTable(TableIdentifier from, TableIdentifier to) {
        catalog.renameTable(from, to);
    }

    @Override
    public void invalidateTable(TableIdentifier identifier) {
        catalog.invalidateTable(identifier);
    }

    @Override
    public Table registerTable(TableIdentifier identifier, String metadataFileLocation) {
        return checked(identifier, catalog.registerTable(identifier, metadataFileLocation));
    }

    @Override
    public TableBuilder buildTable(TableIdentifier identifier, Schema schema) {
        return new CheckedTableBuilder(identifier, catalog.buildTable(identifier, schema));
    }

    @Override
    public void createNamespace(Namespace namespace, Map<String, String> metadata) {
        // Iceberg's request builders fail on immutable maps that reject null lookups (Map.of()).
        namespaces.createNamespace(namespace, new HashMap<>(metadata));
    }

    @Override
    public List<Namespace> listNamespaces(Namespace namespace) {
        return namespaces.listNamespaces(namespace);
    }

    @Override
    public Map<String, String> loadNamespaceMetadata(Namespace namespace) {
        return namespaces.loadNamespaceMetadata(namespace);
    }

    @Override
    public boolean dropNamespace(Namespace namespace) {
        return namespaces.dropNamespace(namespace);
    }

    @Override
    public boolean setProperties(Namespace namespace, Map<String, String> properties) {
        return namespaces.setProperties(namespace, new HashMap<>(properties));
    }

    @Override
    public boolean removeProperties(Namespace namespace, Set<String> properties) {
        return namespaces.removeProperties(namespace, properties);
    }

    @Override
    public boolean namespaceExists(Namespace namespace) {
        return namespaces.namespaceExists(namespace);
    }

    private Table checked(TableIdentifier identifier, Table table) {
        if (requireVendedCredentials && !StorageCredentials.hasVendedCredentials(table.io(), table.location())) {
            throw noVendedCredentials(identifier);
        }
        return table;
    }

    private Transaction checked(TableIdentifier identifier, Transaction transaction) {
        checked(identifier, transaction.table());
        return transaction;
    }

    private SqeException noVendedCredentials(TableIdentifier identifier) {
        return new SqeException(
                ErrorCode.ACCESS_DENIED,
                "The catalog vended no storage credentials for table '" + catalogName + "."
                        + identifier.namespace() + "." + identifier.name()
                        + "', and [storage] require_vended_credentials = true forbids any other; ask the catalog's "
                        + "administrator to enable credential vending for it");
    }

    /** Checks the credentials of whatever the delegate creates. */
    private final class CheckedTableBuilder implements TableBuilder {
        private final TableIdentifier identifier;
        private final TableBuilder delegate;

        CheckedTableBuilder(TableIdentifier identifier, TableBuilder delegate) {
            this.identifier = identifier;
            this.delegate = delegate;
        }

        @Override
        public TableBuilder withPartitionSpec(PartitionSpec spec) {
            delegate.withPartitionSpec(spec);
            return this;
        }

        @Override
        public TableBuilder withSortOrder(SortOrder sortOrder) {
            delegate.withSortOrder(sortOrder);
            return this;
        }

        @Override
        public TableBuilder withLocation(String location) {
            delegate.withLocation(location);
            return this;
        }

        @Override
        public TableBuilder withProperties(Map<String, String> properties) {
            // Iceberg's own createTable passes null for "no properties".
            delegate.withProperties(properties == null ? null : new HashMap<>(properties));
            return this;
        }

        @Override
        public TableBuilder withProperty(String key, String value) {
            delegate.withProperty(key, value);
            return this;
        }

        @Override
        public Table create() {
            return checked(identifier, delegate.create());
        }

        @Override
        public Transaction createTransaction() {
            return checked(identifier, delegate.createTransaction());
        }

        @Override
        public Transaction replaceTransaction() {
            return checked(identifier, delegate.replaceTransaction());
        }

        @Override
        public Transaction createOrReplaceTransaction() {
            return checked(identifier, delegate.createOrReplaceTransaction());
        }
    }
}
