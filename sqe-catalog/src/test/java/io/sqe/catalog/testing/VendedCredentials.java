package io.sqe.catalog.testing;

import static java.util.Objects.requireNonNull;

import io.sqe.catalog.testing.RestCatalogServer.CredentialVending;
import java.util.Map;
import org.apache.iceberg.rest.credentials.ImmutableCredential;
import org.apache.iceberg.rest.responses.LoadTableResponse;

/** Adds storage credentials to load-table responses, as a catalog with credential vending does. */
final class VendedCredentials {
    private final CredentialVending vending;
    private final String bucket;
    private final String accessKeyId;
    private final String secretAccessKey;

    VendedCredentials(CredentialVending vending, String bucket, String accessKeyId, String secretAccessKey) {
        this.vending = requireNonNull(vending, "vending is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.accessKeyId = requireNonNull(accessKeyId, "accessKeyId is null");
        this.secretAccessKey = requireNonNull(secretAccessKey, "secretAccessKey is null");
    }

    LoadTableResponse addTo(LoadTableResponse response) {
        LoadTableResponse.Builder builder = LoadTableResponse.builder()
                .withTableMetadata(response.tableMetadata())
                .addAllConfig(response.config())
                .addAllCredentials(response.credentials());
        // No s3.session-token: S3Proxy answers 501 Not Implemented to requests carrying x-amz-security-token.
        Map<String, String> keys = Map.of(
                "s3.access-key-id", accessKeyId,
                "s3.secret-access-key", secretAccessKey);
        switch (vending) {
            case NONE:
                break;
            case CONFIG:
                builder.addAllConfig(keys);
                break;
            case STORAGE_CREDENTIALS:
                builder.addCredential(ImmutableCredential.builder()
                        .prefix("s3://" + bucket + "/")
                        .config(keys)
                        .build());
                break;
        }
        return builder.build();
    }
}
