package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;

/**
 * How the CLI protects its connection: plain, or TLS that verifies the server against the JDK's trusted
 * authorities, against the PEM certificates in {@code trustStore}, or (insecure, for self-signed trial
 * certificates only) not at all.
 */
record TlsSettings(boolean enabled, boolean insecure, Optional<Path> trustStore) {
    TlsSettings {
        requireNonNull(trustStore, "trustStore is null");
        if (!enabled && (insecure || trustStore.isPresent())) {
            throw new IllegalArgumentException("insecure and trustStore apply only with TLS");
        }
        if (insecure && trustStore.isPresent()) {
            throw new IllegalArgumentException("insecure and a trust store exclude each other");
        }
    }

    static TlsSettings plain() {
        return new TlsSettings(false, false, Optional.empty());
    }

    /** The Flight location: {@code grpc+tls} or {@code grpc+tcp}. */
    Location flightLocation(String host, int port) {
        return enabled ? Location.forGrpcTls(host, port) : Location.forGrpcInsecure(host, port);
    }

    /** Configures certificate checks on a Flight client; the location already selects TLS. */
    FlightClient.Builder configure(FlightClient.Builder builder) {
        if (insecure) {
            builder.verifyServer(false);
        }
        trustStore.ifPresent(path -> {
            byte[] pem = read(path);
            // Checked here: Netty's own message for a bad file does not name it.
            certificates(path, pem);
            builder.trustedCertificates(new ByteArrayInputStream(pem));
        });
        return builder;
    }

    /** The SSL context for the Trino protocol's HTTPS connections. */
    SSLContext sslContext() {
        try {
            if (!insecure && trustStore.isEmpty()) {
                return SSLContext.getDefault();
            }
            TrustManager trust = insecure ? new TrustingEveryone() : trustManager(trustStore.get());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new SqeException(ErrorCode.INTERNAL_ERROR, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path path, byte[] pem) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = new ByteArrayInputStream(pem)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw invalidTrustStore(path, e);
        }
        if (certificates.isEmpty()) {
            throw invalidTrustStore(path, null);
        }
        return certificates;
    }

    private static TrustManager trustManager(Path path) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates = certificates(path, read(path));
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new SqeException(ErrorCode.INTERNAL_ERROR, "cannot create an in-memory key store", e);
        }
        int index = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("trusted-" + index++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers()[0];
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new SqeException(ErrorCode.INVALID_ARGUMENTS, "cannot read the trust store " + path + ": "
                    + e.getMessage(), e);
        }
    }

    private static SqeException invalidTrustStore(Path path, Exception cause) {
        return new SqeException(ErrorCode.INVALID_ARGUMENTS, "the trust store " + path
                + " holds no PEM certificate; give a file with -----BEGIN CERTIFICATE----- blocks", cause);
    }

    /**
     * Accepts any certificate for any host name: {@code --insecure}. An X509ExtendedTrustManager, because the JDK
     * wraps a plain X509TrustManager and then checks the host name after all.
     */
    private static final class TrustingEveryone extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
