package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import io.sqe.coordinator.flight.SqeFlightSqlService;
import io.sqe.core.config.Secret;
import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One authenticated Flight SQL connection, over TLS or plain TCP. Logs in with Basic credentials once and sends the
 * bearer token the server hands back with every later call, or sends the identity provider's token with every call.
 */
final class SqeConnection implements ServerConnection {
    private static final byte[] UPDATE_COUNT =
            SqeFlightSqlService.UPDATE_COUNT_APP_METADATA.getBytes(StandardCharsets.UTF_8);

    private static final ResultPrinter DISCARD = new ResultPrinter() {
        @Override
        public void start(Schema schema) {}

        @Override
        public void batch(VectorSchemaRoot root) {}

        @Override
        public void finish() {}
    };

    private final FlightClient flightClient;
    private final FlightSqlClient client;
    private final CallOption[] credentials;
    private final AtomicReference<FlightStream> current = new AtomicReference<>();

    private SqeConnection(FlightClient flightClient, CallOption[] credentials) {
        this.flightClient = flightClient;
        this.client = new FlightSqlClient(flightClient);
        this.credentials = credentials;
    }

    /**
     * Connects and logs in: a password (or, with authentication off, the user name alone) through the Basic
     * handshake, which answers with a session token; an access token is checked with a handshake of its own and then
     * sent with every call. Then moves to the initial catalog and schema. Throws the Flight error when the server is
     * unreachable or refuses the login.
     */
    static SqeConnection open(BufferAllocator allocator, ConnectionSettings settings) {
        requireNonNull(allocator, "allocator is null");
        requireNonNull(settings, "settings is null");
        TlsSettings tls = settings.tls();
        FlightClient flightClient = tls.configure(FlightClient.builder(allocator,
                tls.flightLocation(settings.host(), settings.port()))).build();
        try {
            SqeConnection connection = new SqeConnection(flightClient, login(flightClient, settings.credentials()));
            Optional<String> initialPath = initialPathStatement(settings.catalog(), settings.schema());
            if (initialPath.isPresent()) {
                connection.execute(initialPath.get(), DISCARD);
            }
            return connection;
        } catch (RuntimeException e) {
            closeQuietly(flightClient);
            throw ErrorMessages.connectFailure(e, settings).map(RuntimeException.class::cast).orElse(e);
        } catch (Exception e) {
            closeQuietly(flightClient);
            throw new SqeException(ErrorCode.INTERNAL_ERROR, "cannot set the initial catalog and schema", e);
        }
    }

    private static CallOption[] login(FlightClient flightClient, Credentials credentials) {
        if (credentials.accessToken().isPresent()) {
            CallOption bearer = new CredentialCallOption(
                    new BearerCredentialWriter(credentials.accessToken().get().value()));
            // Fails now, not at the first statement, when the server refuses the token.
            flightClient.handshake(bearer);
            return new CallOption[] {bearer};
        }
        String password = credentials.password().map(Secret::value).orElse("");
        try {
            return flightClient.authenticateBasicToken(credentials.user(), password)
                    .map(option -> new CallOption[] {option})
                    .orElse(new CallOption[0]);
        } catch (FlightRuntimeException e) {
            // Without authentication the user name alone logs in; with it, the user has to give more.
            if (e.status().code() != FlightStatusCode.UNAUTHENTICATED || credentials.hasSecret()) {
                throw e;
            }
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED,
                    e.status().description() + ErrorMessages.LOGIN_HINT, e);
        }
    }

    /**
     * {@code USE} for the initial schema. The server serves one catalog, so a catalog without a schema selects
     * nothing; it is checked instead, so that a wrong name fails here as it would in a qualified name. Quoted, so
     * that names are taken as given, as the Trino protocol's headers take them.
     */
    static Optional<String> initialPathStatement(Optional<String> catalog, Optional<String> schema) {
        if (schema.isPresent()) {
            return Optional.of("USE " + catalog.map(name -> quote(name) + ".").orElse("") + quote(schema.get()));
        }
        return catalog.map(name -> "SHOW SCHEMAS FROM " + quote(name));
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
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
