package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [storage]}: how table files on S3 are reached. The catalog's load-table response may vend per-user
 * credentials ({@code s3.access-key-id}, {@code s3.secret-access-key}, {@code s3.session-token}); they win over the
 * static keys here, and {@code requireVendedCredentials} refuses static keys altogether.
 *
 * @param endpoint an S3-compatible endpoint (MinIO, S3Proxy); empty for AWS itself
 * @param region the S3 region
 * @param pathStyleAccess address buckets as {@code endpoint/bucket} instead of {@code bucket.endpoint}
 * @param accessKeyId static access key, used only when the catalog vends none
 * @param secretAccessKey static secret key, used only when the catalog vends none
 * @param requireVendedCredentials refuse to read or write a table for which the catalog vended no credentials
 */
public record StorageConfig(
        Optional<URI> endpoint,
        String region,
        boolean pathStyleAccess,
        Secret accessKeyId,
        Secret secretAccessKey,
        boolean requireVendedCredentials) {
    public static final String DEFAULT_REGION = "us-east-1";

    public StorageConfig {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(region, "region is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        if (requireVendedCredentials && !(accessKeyId.isEmpty() && secretAccessKey.isEmpty())) {
            throw new IllegalArgumentException(
                    "[storage] require_vended_credentials = true refuses static access keys; remove them");
        }
    }

    static StorageConfig from(ConfigSource.Section section) {
        Optional<URI> endpoint = section.getOptional("endpoint").map(text -> {
            try {
                return URI.create(text.strip());
            } catch (IllegalArgumentException e) {
                throw section.invalid("endpoint", "'" + text + "' is not a URL");
            }
        });
        Secret accessKeyId = section.getSecret("access_key_id");
        Secret secretAccessKey = section.getSecret("secret_access_key");
        if (accessKeyId.isEmpty() != secretAccessKey.isEmpty()) {
            throw section.invalid("access_key_id", "set both access_key_id and secret_access_key, or neither");
        }
        boolean requireVended = section.getBoolean("require_vended_credentials", false);
        if (requireVended && !accessKeyId.isEmpty()) {
            throw section.invalid("require_vended_credentials",
                    "true refuses static keys, but access_key_id is set; remove the static keys");
        }
        return new StorageConfig(endpoint, section.getString("region", DEFAULT_REGION),
                section.getBoolean("path_style_access", false), accessKeyId, secretAccessKey, requireVended);
    }

    /**
     * The Iceberg S3FileIO properties for these settings ({@code s3.endpoint}, {@code s3.path-style-access},
     * {@code client.region} and the static keys when set). The map holds secrets: never log it.
     */
    public Map<String, String> fileIoProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        endpoint.ifPresent(uri -> properties.put("s3.endpoint", uri.toString()));
        properties.put("s3.path-style-access", Boolean.toString(pathStyleAccess));
        properties.put("client.region", region);
        if (!accessKeyId.isEmpty()) {
            properties.put("s3.access-key-id", accessKeyId.value());
            properties.put("s3.secret-access-key", secretAccessKey.value());
        }
        return properties;
    }

    public StorageConfig withEndpoint(URI newEndpoint, boolean newPathStyleAccess) {
        return new StorageConfig(Optional.of(newEndpoint), region, newPathStyleAccess, accessKeyId, secretAccessKey,
                requireVendedCredentials);
    }

    public StorageConfig withStaticKeys(Secret newAccessKeyId, Secret newSecretAccessKey) {
        return new StorageConfig(endpoint, region, pathStyleAccess, newAccessKeyId, newSecretAccessKey, false);
    }

    public StorageConfig withRequireVendedCredentials(boolean required) {
        return new StorageConfig(endpoint, region, pathStyleAccess, accessKeyId, secretAccessKey, required);
    }
}
