package io.sqe.worker;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.arrow.flight.Location;

/** The {@code grpc://host:port} addresses of a cluster's Flight endpoints: workers and the coordinator's. */
public final class FlightUrls {
    private FlightUrls() {}

    /**
     * The Flight location of {@code url}.
     *
     * @param setting the configuration key the URL came from, for the error message
     * @throws SqeException {@code CONFIGURATION_INVALID} for a URL that is not {@code grpc://host:port}
     */
    public static Location location(String url, String setting) {
        try {
            URI uri = new URI(url);
            if (!"grpc".equals(uri.getScheme()) && !"grpc+tcp".equals(uri.getScheme()) || uri.getHost() == null
                    || uri.getPort() < 0) {
                throw new IllegalArgumentException("not grpc://host:port");
            }
            return Location.forGrpcInsecure(uri.getHost(), uri.getPort());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new SqeException(ErrorCode.CONFIGURATION_INVALID, setting + " '" + url + "' is not of the form"
                    + " grpc://host:port", e);
        }
    }

    /** Whether {@code host} means every interface of the machine, which no peer can connect back to. */
    public static boolean isWildcard(String host) {
        String trimmed = host.trim();
        return trimmed.isEmpty() || trimmed.equals("0.0.0.0") || trimmed.equals("::") || trimmed.equals("[::]")
                || trimmed.equals("[0:0:0:0:0:0:0:0]") || trimmed.equals("0:0:0:0:0:0:0:0");
    }
}
