package io.sqe.catalog.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for 127.0.0.1 and localhost, made with the JDK's keytool and written as the PEM
 * files an operator would configure ({@code [coordinator.tls] cert_file / key_file}).
 */
public record TestCertificates(Path certificate, Path privateKey) {
    private static final String PASSWORD = "test-only";

    public static TestCertificates create(Path directory) throws IOException, InterruptedException {
        Path keyStore = directory.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "server",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            Key key = store.getKey("server", PASSWORD.toCharArray());
            Path certificate = directory.resolve("server.crt");
            Path privateKey = directory.resolve("server.key");
            Files.writeString(certificate, pem("CERTIFICATE", store.getCertificate("server").getEncoded()));
            Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()));
            return new TestCertificates(certificate, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the generated key store", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
