package io.sqe.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code [coordinator.tls]}: TLS for the client endpoints (Flight SQL and the Trino protocol), from PEM files.
 *
 * @param certificateChain PEM file with the server certificate first, then its chain
 * @param privateKey PEM file with the unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY})
 */
public record TlsConfig(boolean enabled, Optional<Path> certificateChain, Optional<Path> privateKey) {
    public TlsConfig {
        requireNonNull(certificateChain, "certificateChain is null");
        requireNonNull(privateKey, "privateKey is null");
        if (enabled && (certificateChain.isEmpty() || privateKey.isEmpty())) {
            throw new IllegalArgumentException("[coordinator.tls] enabled needs cert_file and key_file");
        }
    }

    static TlsConfig from(ConfigSource.Section section) {
        boolean enabled = section.getBoolean("enabled", false);
        Optional<Path> certificate = section.getOptional("cert_file").map(Path::of);
        Optional<Path> key = section.getOptional("key_file").map(Path::of);
        if (enabled && certificate.isEmpty()) {
            throw section.invalid("cert_file", "required when enabled = true (PEM certificate chain)");
        }
        if (enabled && key.isEmpty()) {
            throw section.invalid("key_file", "required when enabled = true (PEM PKCS#8 private key)");
        }
        return new TlsConfig(enabled, certificate, key);
    }

    public static TlsConfig disabled() {
        return new TlsConfig(false, Optional.empty(), Optional.empty());
    }

    public static TlsConfig of(Path certificateChain, Path privateKey) {
        return new TlsConfig(true, Optional.of(certificateChain), Optional.of(privateKey));
    }
}
