package io.sqe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security options' checks, which all fail before the CLI connects anywhere. */
class SqeCliOptionsTest {
    @TempDir
    Path directory;

    @Test
    void tlsOptionsNeedTls() {
        assertFails(CliRun.of("--insecure", "-e", "SELECT 1"),
                "Error: --insecure and --trust-store apply only with --tls");
        assertFails(CliRun.of("--trust-store", "ca.pem", "-e", "SELECT 1"),
                "Error: --insecure and --trust-store apply only with --tls");
        assertFails(CliRun.of("--tls", "--insecure", "--trust-store", "ca.pem", "-e", "SELECT 1"),
                "Error: use either --insecure or --trust-store, not both");
    }

    @Test
    void aPasswordOrATokenNotBoth() {
        assertFails(CliRun.of("--password", "--access-token", "t", "-e", "SELECT 1"),
                "Error: use either --password or --access-token, not both");
        assertFails(CliRun.of(Map.of(SqeCli.PASSWORD_VARIABLE, "p", SqeCli.ACCESS_TOKEN_VARIABLE, "t"),
                prompt -> Optional.empty(), "-e", "SELECT 1"),
                "Error: both SQE_PASSWORD and SQE_ACCESS_TOKEN are set; unset one, or choose with --password or "
                        + "--access-token");
        assertFails(CliRun.of("--access-token", " ", "-e", "SELECT 1"),
                "Error: --access-token is empty; give the token, or leave the option out");
    }

    @Test
    void passwordWithoutAValueNeedsATerminalOrTheEnvironment() {
        assertFails(CliRun.of("--password", "-e", "SELECT 1"), "Error: --password needs a password: type it at "
                + "the prompt, or set SQE_PASSWORD when there is no terminal");
        assertFails(CliRun.of(Map.of(), prompt -> Optional.of(""), "--password", "-e", "SELECT 1"),
                "Error: --password needs a password: type it at the prompt, or set SQE_PASSWORD when there is no "
                        + "terminal");
    }

    @Test
    void theTrustStoreMustHoldCertificates() throws IOException {
        int port = closedPort();
        Path notPem = Files.writeString(directory.resolve("not.pem"), "hello");
        for (Protocol protocol : Protocol.values()) {
            assertFails(CliRun.of("--protocol", protocol.name(), "--port", String.valueOf(port), "--tls",
                    "--trust-store", notPem.toString(), "-e", "SELECT 1"),
                    "Error: the trust store " + notPem + " holds no PEM certificate; give a file with "
                            + "-----BEGIN CERTIFICATE----- blocks");
            Path missing = directory.resolve("missing.pem");
            CliRun result = CliRun.of("--protocol", protocol.name(), "--port", String.valueOf(port), "--tls",
                    "--trust-store", missing.toString(), "-e", "SELECT 1");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.errorLines()).singleElement().asString()
                    .startsWith("Error: cannot read the trust store " + missing);
        }
    }

    @Test
    void helpSaysWhatInsecureRisks() {
        CliRun help = CliRun.of("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--tls", "--trust-store=FILE", "--access-token=TOKEN",
                "--password[=PASSWORD]", "--catalog", "--schema", "self-signed", "SQE_PASSWORD", "SQE_ACCESS_TOKEN");
    }

    private static void assertFails(CliRun result, String errorLine) {
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errorLines()).containsExactly(errorLine);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
