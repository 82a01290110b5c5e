package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import io.sqe.coordinator.flight.SqeFlightSqlService;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One authenticated Flight SQL connection. Logs in with Basic credentials once and sends the bearer token the
 * server hands back with every later call.
 */
final class SqeConnection implements ServerConnection {
    private static final byte[] UPDATE_COUNT =
            SqeFlightSqlService.UPDATE_COUNT_APP_METADATA.getBytes(StandardCharsets.UTF_8);

    private final FlightClient flightClient;
    private final FlightSqlClient client;
    private final CallOption[] credentials;
    private final AtomicReference<FlightStream> current = new AtomicReference<>();

    private SqeConnection(FlightClient flightClient, CallOption[] credentials) {
        this.flightClient = flightClient;
        this.client = new FlightSqlClient(flightClient);
        this.credentials = credentials;
    }

    /** Connects and logs in; throws the Flight error when the server is unreachable or refuses the login. */
    static SqeConnection open(BufferAllocator allocator, String host, int port, String user, String password) {
        requireNonNull(allocator, "allocator is null");
        FlightClient flightClient = FlightClient.builder(allocator, Location.forGrpcInsecure(host, port)).build();
        try {
            CallOption[] credentials = flightClient.authenticateBasicToken(user, password)
                    .map(option -> new CallOption[] {option})
                    .orElse(new CallOption[0]);
            return new SqeConnection(flightClient, credentials);
        } catch (RuntimeException e) {
            closeQuietly(flightClient);
            throw e;
        }
    }

    @Override
    public Optional<Long> execute(String sql, ResultPrinter printer) throws Exception {
        FlightInfo info = client.execute(sql, credentials);
        boolean updateCount = Arrays.equals(info.getAppMetadata(), UPDATE_COUNT);
        long count = 0;
        if (!updateCount) {
            printer.start(info.getSchemaOptional().orElseGet(() -> new Schema(List.of())));
        }
        for (FlightEndpoint endpoint : info.getEndpoints()) {
            try (FlightStream stream = client.getStream(endpoint.getTicket(), credentials)) {
                current.set(stream);
                while (stream.next()) {
                    if (updateCount) {
                        count += rows(stream);
                    } else {
                        printer.batch(stream.getRoot());
                    }
                }
            } finally {
                current.set(null);
            }
        }
        if (updateCount) {
            return Optional.of(count);
        }
        printer.finish();
        return Optional.empty();
    }

    @Override
    public void cancelCurrent() {
        FlightStream stream = current.get();
        if (stream != null) {
            stream.cancel("canceled by the user", null);
        }
    }

    @Override
    public void close() {
        closeQuietly(flightClient);
    }

    private static long rows(FlightStream stream) {
        FieldVector rows = stream.getRoot().getVector("rows");
        long count = 0;
        if (rows instanceof BigIntVector) {
            for (int row = 0; row < stream.getRoot().getRowCount(); row++) {
                if (!rows.isNull(row)) {
                    count += ((BigIntVector) rows).get(row);
                }
            }
        }
        return count;
    }

    private static void closeQuietly(FlightClient flightClient) {
        try {
            flightClient.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
