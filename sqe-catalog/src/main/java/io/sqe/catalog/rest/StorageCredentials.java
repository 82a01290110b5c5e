package io.sqe.catalog.rest;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.StorageCredential;
import org.apache.iceberg.io.SupportsStorageCredentials;

/**
 * The storage credentials a REST catalog vended for a table, and the FileIO properties that carry them to a worker.
 *
 * <p>A catalog vends credentials in two ways: as FileIO properties in the load-table response's {@code config}
 * ({@code s3.access-key-id}, {@code s3.secret-access-key}, {@code s3.session-token}), which Iceberg merges into the
 * table's {@link FileIO#properties()}, or (since Iceberg 1.9) in its {@code storage-credentials} list, which Iceberg
 * hands to the FileIO through {@link SupportsStorageCredentials} and which never shows in {@code properties()}. A
 * worker builds its FileIO from a property map alone, so {@link #storagePropertiesOf(Table)} folds the credential
 * that applies to the table's location into that map.
 *
 * <p>Every map returned here holds secrets: never log it or put it in a message.
 */
public final class StorageCredentials {
    /** The FileIO property naming the FileIO class, as {@code io.sqe.planner.ScanTask.IO_IMPL}. */
    public static final String IO_IMPL = "io-impl";
    public static final String ACCESS_KEY_ID = "s3.access-key-id";
    public static final String SECRET_ACCESS_KEY = "s3.secret-access-key";
    public static final String SESSION_TOKEN = "s3.session-token";

    private StorageCredentials() {}

    /**
     * The properties from which a worker builds a FileIO that reads {@code table} with the same credentials as the
     * coordinator: the table FileIO's properties, the vended storage credential for the table's location on top,
     * and {@value #IO_IMPL}.
     */
    public static Map<String, String> storagePropertiesOf(Table table) {
        requireNonNull(table, "table is null");
        FileIO io = table.io();
        Map<String, String> properties = new LinkedHashMap<>();
        try {
            properties.putAll(io.properties());
        } catch (UnsupportedOperationException e) {
            // a FileIO without properties is configured by its class alone
        }
        credentialFor(io, table.location()).ifPresent(credential -> properties.putAll(credential.config()));
        properties.put(IO_IMPL, io.getClass().getName());
        return properties;
    }

    /** Whether the catalog vended S3 credentials that apply to files under {@code location}. */
    public static boolean hasVendedCredentials(FileIO io, String location) {
        requireNonNull(io, "io is null");
        requireNonNull(location, "location is null");
        if (credentialFor(io, location).map(credential -> hasKeys(credential.config())).orElse(false)) {
            return true;
        }
        try {
            return hasKeys(io.properties());
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /** The vended credential whose prefix is the longest one that {@code location} starts with. */
    static Optional<StorageCredential> credentialFor(FileIO io, String location) {
        if (!(io instanceof SupportsStorageCredentials)) {
            return Optional.empty();
        }
        List<StorageCredential> credentials = ((SupportsStorageCredentials) io).credentials();
        StorageCredential best = null;
        for (StorageCredential credential : credentials) {
            if (location.startsWith(credential.prefix())
                    && (best == null || credential.prefix().length() > best.prefix().length())) {
                best = credential;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean hasKeys(Map<String, String> properties) {
        String accessKeyId = properties.get(ACCESS_KEY_ID);
        String secretAccessKey = properties.get(SECRET_ACCESS_KEY);
        return accessKeyId != null && !accessKeyId.isEmpty() && secretAccessKey != null && !secretAccessKey.isEmpty();
    }
}
