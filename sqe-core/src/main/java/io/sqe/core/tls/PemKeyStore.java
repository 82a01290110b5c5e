package io.sqe.core.tls;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Builds an in-memory key store from PEM files (what operators have), for servers that want a {@link KeyStore}
 * (Jetty). The private key must be unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), RSA or EC.
 */
public final class PemKeyStore {
    /** The alias of the one key entry. */
    public static final String ALIAS = "server";

    private PemKeyStore() {}

    /**
     * @param password protects the entry inside the in-memory store only
     * @throws SqeException CONFIGURATION_INVALID naming the file when a file is missing or malformed
     */
    public static KeyStore load(Path certificateChain, Path privateKey, char[] password) {
        requireNonNull(certificateChain, "certificateChain is null");
        requireNonNull(privateKey, "privateKey is null");
        requireNonNull(password, "password is null");
        List<Certificate> chain = certificates(certificateChain);
        PrivateKey key = privateKey(privateKey);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw invalid(privateKey, "the key does not match the certificate: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file) {
        try {
            List<Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file))));
            if (chain.isEmpty()) {
                throw invalid(file, "no certificate found", null);
            }
            return chain;
        } catch (IOException | GeneralSecurityException e) {
            throw invalid(file, e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw invalid(file, "cannot read it: " + e.getMessage(), e);
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int start = text.indexOf(begin);
        int stop = text.indexOf(end);
        if (start < 0 || stop < start) {
            throw invalid(file, "expected an unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert one with "
                    + "`openssl pkcs8 -topk8 -nocrypt`", null);
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), stop));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw invalid(file, "the key is neither RSA, EC nor Ed25519", null);
    }

    private static SqeException invalid(Path file, String problem, Throwable cause) {
        return new SqeException(ErrorCode.CONFIGURATION_INVALID, "TLS file " + file + ": " + problem, cause);
    }
}
