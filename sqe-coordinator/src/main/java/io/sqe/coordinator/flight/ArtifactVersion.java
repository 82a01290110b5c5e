package io.sqe.coordinator.flight;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of a Maven artifact on the class path, from the pom.properties that Maven puts in every jar. */
public final class ArtifactVersion {
    /** Shown when the classes do not come from a jar (an IDE or {@code mvn test}). */
    public static final String UNKNOWN = "dev";

    private ArtifactVersion() {}

    public static String of(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream input = ArtifactVersion.class.getResourceAsStream(resource)) {
            if (input == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(input);
            return properties.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The SQE server version. */
    public static String server() {
        return of("io.sqe", "sqe-coordinator");
    }
}
