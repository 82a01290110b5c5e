package io.sqe.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.io.StorageCredential;
import org.junit.jupiter.api.Test;

final class StorageCredentialsTest {
    @Test
    void theLongestMatchingPrefixWins() {
        try (S3FileIO io = fileIo(Map.of())) {
            io.setCredentials(List.of(
                    StorageCredential.create("s3://bucket/", keys("wide")),
                    StorageCredential.create("s3://bucket/warehouse/sales/", keys("narrow")),
                    StorageCredential.create("s3://other/", keys("elsewhere"))));

            assertThat(StorageCredentials.credentialFor(io, "s3://bucket/warehouse/sales/orders"))
                    .hasValueSatisfying(c -> assertThat(c.config()).containsEntry("s3.access-key-id", "narrow"));
            assertThat(StorageCredentials.credentialFor(io, "s3://bucket/warehouse/hr/salaries"))
                    .hasValueSatisfying(c -> assertThat(c.config()).containsEntry("s3.access-key-id", "wide"));
            assertThat(StorageCredentials.credentialFor(io, "s3://third/x")).isEmpty();
            assertThat(StorageCredentials.hasVendedCredentials(io, "s3://bucket/t")).isTrue();
            assertThat(StorageCredentials.hasVendedCredentials(io, "s3://third/t")).isFalse();
        }
    }

    @Test
    void keysInThePropertiesCountAsVended() {
        try (S3FileIO withKeys = fileIo(keys("config"));
                S3FileIO withoutKeys = fileIo(Map.of())) {
            assertThat(StorageCredentials.hasVendedCredentials(withKeys, "s3://bucket/t")).isTrue();
            assertThat(StorageCredentials.hasVendedCredentials(withoutKeys, "s3://bucket/t")).isFalse();
        }
    }

    private static Map<String, String> keys(String accessKeyId) {
        return Map.of("s3.access-key-id", accessKeyId, "s3.secret-access-key", "secret-of-" + accessKeyId);
    }

    private static S3FileIO fileIo(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(extra);
        properties.put("client.region", "us-east-1");
        properties.put("http-client.type", "urlconnection");
        S3FileIO io = new S3FileIO();
        io.initialize(properties);
        return io;
    }
}
