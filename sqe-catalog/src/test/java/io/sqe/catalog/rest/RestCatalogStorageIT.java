package io.sqe.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.catalog.CatalogCallObserver;
import io.sqe.catalog.SessionCatalog;
import io.sqe.catalog.testing.GenericsTableScanner;
import io.sqe.catalog.testing.OidcTestServer;
import io.sqe.catalog.testing.RestCatalogEnvironment;
import io.sqe.catalog.testing.RestCatalogServer;
import io.sqe.catalog.testing.RestCatalogServer.CredentialVending;
import io.sqe.catalog.testing.S3ProxyServer;
import io.sqe.catalog.write.TableWriter;
import io.sqe.core.config.CatalogConfig;
import io.sqe.core.config.Secret;
import io.sqe.core.config.StorageConfig;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Table files on S3 (S3Proxy) written and read with the credentials the REST catalog vends, and never with static
 * keys: SQE's [storage] here has none.
 */
final class RestCatalogStorageIT {
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()));
    private static final Map<String, Set<String>> GRANTS = Map.of("writer", Set.of("*"), "other", Set.of("*"));

    private static S3ProxyServer s3;
    private static OidcTestServer oidc;
    private static RestCatalogServer vendingConfig;
    private static RestCatalogServer vendingStorageCredentials;
    private static RestCatalogServer vendingNothing;
    private static final List<RestSessionCatalogs> catalogs = new ArrayList<>();

    @BeforeAll
    static void start() {
        s3 = S3ProxyServer.start();
        oidc = OidcTestServer.start();
        vendingConfig = RestCatalogServer.start(s3, "config", oidc, GRANTS, CredentialVending.CONFIG);
        vendingStorageCredentials = RestCatalogServer.start(
                s3, "credentials", oidc, GRANTS, CredentialVending.STORAGE_CREDENTIALS);
        vendingNothing = RestCatalogServer.start(s3, "plain", oidc, GRANTS, CredentialVending.NONE);
    }

    @AfterAll
    static void stop() {
        catalogs.forEach(RestSessionCatalogs::close);
        for (AutoCloseable server : new AutoCloseable[] {vendingConfig, vendingStorageCredentials, vendingNothing}) {
            if (server != null) {
                try {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        if (oidc != null) {
            oidc.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void createTableAsSelectWritesParquetWithVendedConfigCredentials() throws IOException {
        SessionCatalog catalog = catalogFor(vendingConfig, true, "writer");
        catalog.createSchema("ctas", true);

        long written = new TableWriter().createTableAsSelect(
                catalog, "ctas", "numbers", SCHEMA, PartitionSpec.unpartitioned(), rows(0, 100));

        assertThat(written).isEqualTo(100);
        List<String> dataFiles = parquetFiles("config", "warehouse/ctas/numbers");
        assertThat(dataFiles).isNotEmpty();
        for (String file : dataFiles) {
            byte[] bytes = Files.readAllBytes(s3.basedir().resolve("config").resolve(file));
            assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        }
        Table table = catalog.loadTable("ctas", "numbers");
        assertThat(ids(GenericsTableScanner.readRecords(table))).containsExactlyInAnyOrderElementsOf(range(0, 100));
        assertThat(table.io().properties()).containsEntry("s3.access-key-id", s3.accessKeyId());
        assertWorkerReads(table);
    }

    @Test
    void storageCredentialsListIsUsedForReadsWritesAndWorkers() throws IOException {
        SessionCatalog catalog = catalogFor(vendingStorageCredentials, true, "writer");
        catalog.createSchema("listed", true);
        new TableWriter().createTableAsSelect(
                catalog, "listed", "numbers", SCHEMA, PartitionSpec.unpartitioned(), rows(0, 10));
        Table table = catalog.loadTable("listed", "numbers");
        new TableWriter().append(table, rows(10, 20));

        table = catalog.loadTable("listed", "numbers");
        assertThat(ids(GenericsTableScanner.readRecords(table))).containsExactlyInAnyOrderElementsOf(range(0, 20));
        assertThat(parquetFiles("credentials", "warehouse/listed/numbers")).hasSize(2);
        // Iceberg keeps the list out of properties(); the worker's properties carry it.
        assertThat(table.io().properties()).doesNotContainKey("s3.access-key-id");
        assertThat(StorageCredentials.storagePropertiesOf(table))
                .containsEntry("s3.access-key-id", s3.accessKeyId())
                .containsEntry("s3.secret-access-key", s3.secretAccessKey())
                .containsEntry("io-impl", RestSessionCatalogs.S3_FILE_IO);
        assertWorkerReads(table);
    }

    @Test
    void requiredVendedCredentialsRefuseATableWithoutThem() {
        SessionCatalog lenient = catalogFor(vendingNothing, false, "writer");
        lenient.createSchema("bare", true);
        lenient.createTable("bare", "events", SCHEMA, PartitionSpec.unpartitioned(), true);
        SessionCatalog strict = catalogFor(vendingNothing, true, "writer");

        assertThatThrownBy(() -> strict.loadTable("bare", "events"))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("vended no storage credentials for table 'iceberg.bare.events'")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThatThrownBy(() -> new TableWriter().createTableAsSelect(
                        strict, "bare", "copy", SCHEMA, PartitionSpec.unpartitioned(), rows(0, 3)))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("vended no storage credentials for table 'iceberg.bare.copy'")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(lenient.findTable("bare", "copy")).isEmpty();
        // Without vended credentials and without static keys the files are out of reach.
        Table table = lenient.loadTable("bare", "events");
        assertThatThrownBy(() -> new TableWriter().append(table, rows(0, 3)))
                .isInstanceOf(SqeException.class)
                .hasMessageStartingWith("Failed to write data files for table")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.STORAGE_ERROR);
        assertThat(parquetFiles("plain", "warehouse/bare/events")).isEmpty();
    }

    @Test
    void aLostCreateRaceLeavesNoFilesBehind() {
        SessionCatalog writer = catalogFor(vendingConfig, true, "writer");
        SessionCatalog other = catalogFor(vendingConfig, true, "other");
        writer.createSchema("race", true);
        Iterator<Object[]> rows = new Iterator<>() {
            private final Iterator<Object[]> delegate = rows(0, 50);

            @Override
            public boolean hasNext() {
                boolean more = delegate.hasNext();
                if (!more && other.findTable("race", "winner").isEmpty()) {
                    other.createTable("race", "winner", SCHEMA, PartitionSpec.unpartitioned(), false);
                }
                return more;
            }

            @Override
            public Object[] next() {
                return delegate.next();
            }
        };

        assertThatThrownBy(() -> new TableWriter().createTableAsSelect(
                        writer, "race", "winner", SCHEMA, PartitionSpec.unpartitioned(), rows))
                .isInstanceOf(SqeException.class)
                .hasMessage("Table 'iceberg.race.winner' already exists; drop it first or choose another name")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.TABLE_ALREADY_EXISTS);
        assertThat(writer.loadTable("race", "winner").currentSnapshot()).isNull();
        assertThat(s3.filesUnder("config", "warehouse/race/winner"))
                .allSatisfy(file -> assertThat(file).endsWith(".metadata.json"));
    }

    @Test
    void aTableDroppedBeforeTheCommitLeavesNoFilesBehind() {
        SessionCatalog writer = catalogFor(vendingConfig, true, "writer");
        SessionCatalog other = catalogFor(vendingConfig, true, "other");
        writer.createSchema("dropped", true);
        Table table = writer.createTable("dropped", "gone", SCHEMA, PartitionSpec.unpartitioned(), false);
        Iterator<Object[]> rows = new Iterator<>() {
            private final Iterator<Object[]> delegate = rows(0, 50);

            @Override
            public boolean hasNext() {
                boolean more = delegate.hasNext();
                if (!more) {
                    other.dropTable("dropped", "gone", true);
                }
                return more;
            }

            @Override
            public Object[] next() {
                return delegate.next();
            }
        };

        assertThatThrownBy(() -> new TableWriter().append(table, rows))
                .isInstanceOf(SqeException.class)
                .hasMessageStartingWith("The commit to iceberg.dropped.gone failed")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.COMMIT_FAILED);
        assertThat(s3.filesUnder("config", "warehouse/dropped/gone"))
                .noneSatisfy(file -> assertThat(file).endsWith(".parquet"))
                .noneSatisfy(file -> assertThat(file).endsWith(".avro"));
    }

    @Test
    void credentialsNeverShowInMessagesOrToString() {
        SessionCatalog catalog = catalogFor(vendingConfig, true, "writer");
        catalog.createSchema("secrets", true);
        Table table = catalog.createTable("secrets", "t", SCHEMA, PartitionSpec.unpartitioned(), true);

        assertThat(String.valueOf(table.io())).doesNotContain(s3.secretAccessKey());
        assertThat(table.toString()).doesNotContain(s3.secretAccessKey());
        assertThat(String.valueOf(vendingConfig)).doesNotContain(s3.secretAccessKey());
        assertThatThrownBy(() -> catalog.loadTable("secrets", "missing"))
                .isInstanceOf(SqeException.class)
                .hasMessage("Table 'iceberg.secrets.missing' does not exist")
                .extracting(e -> ((SqeException) e).errorCode()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    }

    /** What a worker does: builds its own FileIO from the task's storage properties and reads the data files. */
    private static void assertWorkerReads(Table table) throws IOException {
        Map<String, String> properties = StorageCredentials.storagePropertiesOf(table);
        FileIO io = CatalogUtil.loadFileIO(properties.get("io-impl"), properties, null);
        try (io; CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            int files = 0;
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                try (InputStream in = io.newInputFile(file.location()).newStream()) {
                    assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("PAR1");
                }
                files++;
            }
            assertThat(files).isPositive();
        }
    }

    private static SessionCatalog catalogFor(RestCatalogServer server, boolean requireVended, String user) {
        CatalogConfig config = CatalogConfig.embedded(Path.of(CatalogConfig.DEFAULT_WAREHOUSE))
                .withRest(server.uri(), "s3://" + server.bucket() + "/warehouse");
        StorageConfig storage = new StorageConfig(Optional.of(s3.endpoint()), S3ProxyServer.REGION, true,
                new Secret(""), new Secret(""), requireVended);
        RestSessionCatalogs restCatalogs = new RestSessionCatalogs(config, storage, CatalogCallObserver.NONE);
        synchronized (catalogs) {
            catalogs.add(restCatalogs);
        }
        return restCatalogs.forSession(RestCatalogEnvironment.session(
                user, oidc.token(user), java.time.Instant.now().plusSeconds(3600)));
    }

    private static List<String> parquetFiles(String bucket, String prefix) {
        return s3.filesUnder(bucket, prefix).stream().filter(file -> file.endsWith(".parquet")).toList();
    }

    private static Iterator<Object[]> rows(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> new Object[] {(long) i, "row " + i})
                .iterator();
    }

    private static List<Long> range(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> (long) i).toList();
    }

    private static List<Long> ids(List<Record> records) {
        return records.stream().map(record -> (Long) record.getField("id")).toList();
    }
}
