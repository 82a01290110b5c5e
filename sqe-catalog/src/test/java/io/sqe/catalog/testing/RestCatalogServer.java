package io.sqe.catalog.testing;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Apache Iceberg's REST catalog server (the adapter and servlet from Iceberg's test fixtures) in-process on
 * 127.0.0.1 and a free port, as a real catalog for tests:
 * <ul>
 *   <li>behind it a JDBC catalog on an in-memory H2 database whose warehouse is {@code s3://<bucket>/warehouse} in an
 *       {@link S3ProxyServer};
 *   <li>every call but {@code GET /v1/config} needs a bearer JWT signed by the {@link OidcTestServer}'s keys, for its
 *       issuer and audience, unexpired ({@link BearerTokenFilter}); otherwise 401;
 *   <li>each user sees only the namespaces granted to them ({@link GrantingCatalogAdapter}): others are left out of
 *       listings and answer 403; the grant {@value GrantingCatalogAdapter#ALL} sees everything;
 *   <li>load and create responses vend the S3Proxy credentials as the {@link CredentialVending} mode says.
 * </ul>
 */
public final class RestCatalogServer implements AutoCloseable {
    private final Server server;
    private final JdbcCatalog backend;
    private final GrantingCatalogAdapter adapter;
    private final String bucket;

    private RestCatalogServer(Server server, JdbcCatalog backend, GrantingCatalogAdapter adapter, String bucket) {
        this.server = server;
        this.backend = backend;
        this.adapter = adapter;
        this.bucket = bucket;
    }

    /** How load-table responses carry storage credentials. */
    public enum CredentialVending {
        /** None: the client needs its own keys. */
        NONE,
        /** As {@code s3.access-key-id}, {@code s3.secret-access-key}, {@code s3.session-token} in {@code config}. */
        CONFIG,
        /** In the {@code storage-credentials} list, for the prefix {@code s3://<bucket>/}. */
        STORAGE_CREDENTIALS
    }

    /**
     * Starts the server; creates {@code bucket} in {@code s3}.
     *
     * @param grants namespaces each user may see; {@value GrantingCatalogAdapter#ALL} for all
     */
    public static RestCatalogServer start(S3ProxyServer s3, String bucket, OidcTestServer oidc,
            Map<String, Set<String>> grants, CredentialVending vending) {
        requireNonNull(s3, "s3 is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(oidc, "oidc is null");
        s3.createBucket(bucket);
        JdbcCatalog backend = new JdbcCatalog();
        Map<String, String> properties = new HashMap<>(s3.fileIoProperties());
        properties.put(CatalogProperties.FILE_IO_IMPL, properties.remove("io-impl"));
        properties.put(CatalogProperties.URI,
                "jdbc:h2:mem:rest-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
        properties.put(CatalogProperties.WAREHOUSE_LOCATION, "s3://" + bucket + "/warehouse");
        properties.put("jdbc.schema-version", "V1");
        properties.put("jdbc.user", "sa");
        properties.put("jdbc.password", "");
        backend.setConf(new Configuration(false));
        backend.initialize("rest_backend", properties);

        GrantingCatalogAdapter adapter = new GrantingCatalogAdapter(backend, grants,
                new VendedCredentials(vending, bucket, s3.accessKeyId(), s3.secretAccessKey()));
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.addFilter(new FilterHolder(new BearerTokenFilter(oidc.jwksUri(), oidc.issuer(),
                OidcTestServer.AUDIENCE)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new RESTCatalogServlet(adapter)), "/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            closeQuietly(backend);
            throw new IllegalStateException("Cannot start the REST catalog server", e);
        }
        return new RestCatalogServer(server, backend, adapter, bucket);
    }

    public URI uri() {
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    public String bucket() {
        return bucket;
    }

    /** Replaces the namespaces each user may see. */
    public void setGrants(Map<String, Set<String>> grants) {
        adapter.setGrants(grants);
    }

    /** The catalog behind the server, for test setup that bypasses authorization. */
    public JdbcCatalog backend() {
        return backend;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the REST catalog server", e);
        } finally {
            closeQuietly(backend);
        }
    }

    private static void closeQuietly(JdbcCatalog catalog) {
        catalog.close();
    }

    @Override
    public String toString() {
        return "RestCatalogServer[" + uri() + "]";
    }
}
