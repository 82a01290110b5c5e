package io.sqe.catalog.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * A real S3 endpoint for tests: S3Proxy ({@code org.gaul:s3proxy:jar-with-dependencies}) as a child process on
 * 127.0.0.1 and a free port, storing objects as plain files under {@link #basedir()}{@code /<bucket>/<key>}.
 *
 * <p>The jar never goes on the test class path (its 151 bundled libraries clash with ours): the build copies it to
 * {@code target/} with maven-dependency-plugin and names it in the system property {@value #JAR_PROPERTY}.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String JAR_PROPERTY = "sqe.test.s3proxy.jar";
    public static final String REGION = "us-east-1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final Path basedir;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final int port;
    private final Process process;

    private S3ProxyServer(Path directory, String accessKeyId, String secretAccessKey, int port, Process process) {
        this.directory = directory;
        this.basedir = directory.resolve("data");
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.port = port;
        this.process = process;
    }

    /** Starts S3Proxy with generated credentials and waits until it answers. */
    public static S3ProxyServer start() {
        return start("sqe-test-" + Long.toHexString(System.nanoTime()), "secret-" + Long.toHexString(System.nanoTime()));
    }

    public static S3ProxyServer start(String accessKeyId, String secretAccessKey) {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        Path jar = jar();
        try {
            Path directory = Files.createTempDirectory("s3proxy");
            Path basedir = Files.createDirectories(directory.resolve("data"));
            int port = freePort();
            Properties properties = new Properties();
            properties.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
            properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            properties.setProperty("s3proxy.identity", accessKeyId);
            properties.setProperty("s3proxy.credential", secretAccessKey);
            properties.setProperty("jclouds.provider", "filesystem-nio2");
            properties.setProperty("jclouds.filesystem.basedir", basedir.toString());
            properties.setProperty("jclouds.identity", accessKeyId);
            properties.setProperty("jclouds.credential", secretAccessKey);
            Path propertiesFile = directory.resolve("s3proxy.conf");
            try (OutputStream out = Files.newOutputStream(propertiesFile)) {
                properties.store(out, "S3Proxy for SQE tests");
            }
            Path log = directory.resolve("s3proxy.log");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(List.of(
                            java.toString(), "-Xmx256m", "-jar", jar.toString(), "--properties", propertiesFile.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            S3ProxyServer server = new S3ProxyServer(directory, accessKeyId, secretAccessKey, port, process);
            try {
                server.awaitReady(log);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start S3Proxy", e);
        }
    }

    private static Path jar() {
        String location = System.getProperty(JAR_PROPERTY);
        if (location == null || !Files.isRegularFile(Path.of(location))) {
            throw new IllegalStateException("System property " + JAR_PROPERTY + " must name the S3Proxy jar "
                    + "(copied to target/ by maven-dependency-plugin), but is " + location);
        }
        return Path.of(location);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(Path log) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ": " + tail(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint().toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                // Any HTTP answer (403 for an anonymous request) means it is serving.
                connection.getResponseCode();
                connection.disconnect();
                return;
            } catch (IOException e) {
                sleep(100);
            }
        }
        throw new IllegalStateException("S3Proxy did not answer within " + START_TIMEOUT + ": " + tail(log));
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    /** The directory holding one subdirectory per bucket, with each object as a file at its key. */
    public Path basedir() {
        return basedir;
    }

    /** An S3 client with this server's credentials; close it after use. */
    public S3Client newClient() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public void createBucket(String bucket) {
        try (S3Client client = newClient()) {
            client.createBucket(request -> request.bucket(bucket));
        }
    }

    /**
     * The S3FileIO properties for this server with its static keys: what a FileIO needs when no catalog vends
     * credentials.
     */
    public Map<String, String> fileIoProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        properties.put("s3.endpoint", endpoint().toString());
        properties.put("s3.path-style-access", "true");
        properties.put("client.region", REGION);
        properties.put("http-client.type", "urlconnection");
        properties.put("s3.access-key-id", accessKeyId);
        properties.put("s3.secret-access-key", secretAccessKey);
        return properties;
    }

    /** Every regular file under {@code bucket}/{@code prefix} on disk, as paths relative to the bucket. */
    public List<String> filesUnder(String bucket, String prefix) {
        Path root = basedir.resolve(bucket);
        Path start = root.resolve(prefix);
        if (!Files.exists(start)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile)
                    .map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteRecursively(directory);
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    @Override
    public String toString() {
        return "S3ProxyServer[" + endpoint() + "]";
    }
}
