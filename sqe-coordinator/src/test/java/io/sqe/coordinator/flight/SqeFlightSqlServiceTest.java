package io.sqe.coordinator.flight;

import io.sqe.worker.FlightErrorTranslator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.sqe.core.session.SessionManager;
import java.nio.channels.Channels;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClientMiddleware;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.client.ClientCookieMiddleware;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.arrow.flight.sql.util.TableRef;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqeFlightSqlServiceTest {
    private static final String NUMBERS = "SELECT * FROM numbers";

    private BufferAllocator rootAllocator;
    private BufferAllocator engineAllocator;
    private BufferAllocator clientAllocator;
    private FakeQueryEngine engine;
    private FlightSqlEndpoint endpoint;
    private FlightClient flightClient;
    private FlightSqlClient client;
    private CredentialCallOption alice;

    @BeforeAll
    void startServer() {
        rootAllocator = new RootAllocator();
        engineAllocator = rootAllocator.newChildAllocator("engine", 0, Long.MAX_VALUE);
        clientAllocator = rootAllocator.newChildAllocator("client", 0, Long.MAX_VALUE);
        engine = new FakeQueryEngine(engineAllocator);
        endpoint = FlightSqlEndpoint.start("127.0.0.1", 0, engine, SessionManager.allowAll(), rootAllocator, "iceberg");
        flightClient = newFlightClient();
        alice = flightClient.authenticateBasicToken("alice", "any password").orElseThrow();
        client = new FlightSqlClient(flightClient);
    }

    @AfterEach
    void serverKeepsServing() throws Exception {
        assertThat(ids(client.execute(NUMBERS, alice))).containsExactly(1L, 2L, 3L, 4L, 5L);
        // The server closes a stream on its worker thread right after the last batch; allow it a moment.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!engine.streams.stream().allMatch(FakeQueryEngine.FakeStream::isClosed) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(engine.streams).allMatch(FakeQueryEngine.FakeStream::isClosed);
    }

    @AfterAll
    void stopServer() throws Exception {
        client.close();
        endpoint.close();
        clientAllocator.close();
        engineAllocator.close();
        rootAllocator.close();
    }

    @Test
    void handshakeReturnsAnOpaqueBearerTokenThatIdentifiesTheUser() throws Exception {
        List<String> authorization = new ArrayList<>();
        FlightClientMiddleware.Factory recorder = info -> new FlightClientMiddleware() {
            @Override
            public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

            @Override
            public void onHeadersReceived(CallHeaders incomingHeaders) {
                if (incomingHeaders.containsKey("authorization")) {
                    incomingHeaders.getAll("authorization").forEach(authorization::add);
                }
            }

            @Override
            public void onCallCompleted(CallStatus status) {}
        };
        try (FlightClient carol = FlightClient.builder(clientAllocator,
                        Location.forGrpcInsecure("127.0.0.1", endpoint.port())).intercept(recorder).build();
                FlightSqlClient carolSql = new FlightSqlClient(carol)) {
            CredentialCallOption credentials = carol.authenticateBasicToken("carol", "secret").orElseThrow();

            assertThat(authorization).hasSize(1);
            assertThat(authorization.get(0)).startsWith("Bearer ");
            assertThat(authorization.get(0).substring("Bearer ".length()))
                    .matches("[A-Za-z0-9_-]{43}").doesNotContain("carol").doesNotContain("secret");

            engine.users.clear();
            carolSql.execute(NUMBERS, credentials);
            assertThat(engine.users).containsExactly("carol");
        }
    }

    @Test
    void queryIsPlannedOnceAndTheTicketCarriesOnlyAHandle() throws Exception {
        int plannedBefore = engine.prepareCount(NUMBERS);

        FlightInfo info = client.execute(NUMBERS, alice);

        assertThat(info.getSchemaOptional().orElseThrow()).isEqualTo(FakeQueryEngine.NUMBERS);
        assertThat(info.getEndpoints()).hasSize(1);
        byte[] ticket = info.getEndpoints().get(0).getTicket().getBytes();
        assertThat(new String(ticket, StandardCharsets.ISO_8859_1)).doesNotContain("numbers").doesNotContain("SELECT");
        assertThat(ids(info)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(engine.prepareCount(NUMBERS)).isEqualTo(plannedBefore + 1);
    }

    @Test
    void ticketCanBeReadOnlyOnce() throws Exception {
        FlightInfo info = client.execute(NUMBERS, alice);
        assertThat(ids(info)).hasSize(5);

        assertThatThrownBy(() -> ids(info))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
                    assertThat(e.status().description()).startsWith("INVALID_HANDLE: unknown or expired query ticket");
                    assertSqeMetadata(e.status(), "256", "INVALID_HANDLE", "USER_ERROR");
                });
    }

    @Test
    void ticketOfAnotherSessionIsRejected() throws Exception {
        FlightInfo info = client.execute(NUMBERS, alice);
        CredentialCallOption bob = newFlightClientFor("bob");

        assertThatThrownBy(() -> ids(client.getStream(info.getEndpoints().get(0).getTicket(), bob)))
                .isInstanceOfSatisfying(FlightRuntimeException.class,
                        e -> assertThat(e.status().description()).startsWith("INVALID_HANDLE:"));
        assertThat(ids(info)).as("still valid for its owner").hasSize(5);
    }

    @Test
    void updateReturnsTheRecordCount() {
        assertThat(client.executeUpdate("INSERT INTO numbers SELECT * FROM numbers", alice)).isEqualTo(5);
    }

    @Test
    void updateRunThroughExecuteIsMarkedAsUpdateCount() throws Exception {
        FlightInfo info = client.execute("INSERT INTO numbers SELECT * FROM numbers", alice);

        assertThat(new String(info.getAppMetadata(), StandardCharsets.UTF_8))
                .isEqualTo(SqeFlightSqlService.UPDATE_COUNT_APP_METADATA);
        assertThat(ids(info)).containsExactly(5L);
    }

    @Test
    void preparedQueryWithBoundParameter() throws Exception {
        String sql = "SELECT * FROM numbers WHERE id = ?";
        int plannedBefore = engine.prepareCount(sql);
        try (FlightSqlClient.PreparedStatement statement = client.prepare(sql, alice);
                VectorSchemaRoot parameters = VectorSchemaRoot.create(FakeQueryEngine.ID_PARAMETER, clientAllocator)) {
            assertThat(statement.getResultSetSchema()).isEqualTo(FakeQueryEngine.NUMBERS);
            assertThat(statement.getParameterSchema()).isEqualTo(FakeQueryEngine.ID_PARAMETER);

            setId(parameters, 4);
            statement.setParameters(parameters);
            assertThat(names(statement.execute(alice))).containsExactly("four");

            setId(parameters, 2);
            statement.setParameters(parameters);
            assertThat(names(statement.execute(alice))).containsExactly("two");
            statement.close(alice);
        }
        assertThat(engine.prepareCount(sql)).isEqualTo(plannedBefore + 1);
    }

    @Test
    void preparedUpdateRunsOncePerParameterRowAndSums() {
        engine.insertedParameters.clear();
        try (FlightSqlClient.PreparedStatement statement = client.prepare("INSERT INTO numbers VALUES (?)", alice);
                VectorSchemaRoot parameters = VectorSchemaRoot.create(FakeQueryEngine.ID_PARAMETER, clientAllocator)) {
            assertThat(statement.getResultSetSchema().getFields()).as("update: no dataset schema").isEmpty();
            BigIntVector ids = (BigIntVector) parameters.getVector(0);
            ids.allocateNew(3);
            ids.set(0, 7);
            ids.setNull(1);
            ids.set(2, 9);
            parameters.setRowCount(3);
            statement.setParameters(parameters);

            assertThat(statement.executeUpdate(alice)).isEqualTo(3);
            statement.close(alice);
        }
        assertThat(engine.insertedParameters).hasSize(3);
        assertThat(engine.insertedParameters.get(0)).containsExactly(7L);
        assertThat(engine.insertedParameters.get(1)).containsExactly((Object) null);
        assertThat(engine.insertedParameters.get(2)).containsExactly(9L);
    }

    @Test
    void preparedStatementOfAnotherSessionIsRejected() throws Exception {
        ByteString handle = createPreparedStatement(NUMBERS, alice);
        CredentialCallOption bob = newFlightClientFor("bob");
        FlightDescriptor descriptor = FlightDescriptor.command(Any.pack(
                CommandPreparedStatementQuery.newBuilder().setPreparedStatementHandle(handle).build()).toByteArray());

        assertThatThrownBy(() -> flightClient.getInfo(descriptor, bob))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
                    assertThat(e.status().description()).startsWith("INVALID_HANDLE: unknown or expired prepared statement");
                });
        assertThat(ids(flightClient.getInfo(descriptor, alice))).hasSize(5);
    }

    @Test
    void catalogsAndSchemas() throws Exception {
        assertThat(strings(client.getCatalogs(alice), "catalog_name")).containsExactly("iceberg");
        assertThat(strings(client.getSchemas(null, null, alice), "db_schema_name")).containsExactly("default", "sales");
        assertThat(strings(client.getSchemas("iceberg", "s%", alice), "db_schema_name")).containsExactly("sales");
    }

    @Test
    void tablesWithSerializedSchemas() throws Exception {
        FlightInfo info = client.getTables(null, null, "%", List.of("TABLE"), true, alice);
        assertThat(info.getSchemaOptional().orElseThrow()).isEqualTo(Schemas.GET_TABLES_SCHEMA);

        List<String> names = new ArrayList<>();
        List<Schema> schemas = new ArrayList<>();
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), alice)) {
            while (stream.next()) {
                VectorSchemaRoot root = stream.getRoot();
                VarBinaryVector tableSchemas = (VarBinaryVector) root.getVector("table_schema");
                for (int row = 0; row < root.getRowCount(); row++) {
                    names.add(root.getVector("db_schema_name").getObject(row) + "."
                            + root.getVector("table_name").getObject(row));
                    schemas.add(MessageSerializer.deserializeSchema(new ReadChannel(
                            Channels.newChannel(new ByteArrayInputStream(tableSchemas.get(row))))));
                }
            }
        }
        assertThat(names).containsExactly("default.numbers", "sales.orders");
        assertThat(schemas).containsOnly(FakeQueryEngine.NUMBERS);

        FlightInfo withoutSchema = client.getTables(null, null, null, null, false, alice);
        assertThat(withoutSchema.getSchemaOptional().orElseThrow()).isEqualTo(Schemas.GET_TABLES_SCHEMA_NO_SCHEMA);
        // Ordered by catalog, schema and table name: default, information_schema, sales.
        assertThat(strings(withoutSchema, "table_type")).containsExactly("TABLE", "SYSTEM TABLE", "TABLE");
    }

    @Test
    void tableTypesAndKeys() throws Exception {
        assertThat(strings(client.getTableTypes(alice), "table_type")).containsExactly("SYSTEM TABLE", "TABLE", "VIEW");

        FlightInfo keys = client.getPrimaryKeys(TableRef.of("iceberg", "sales", "orders"), alice);
        assertThat(keys.getSchemaOptional().orElseThrow()).isEqualTo(Schemas.GET_PRIMARY_KEYS_SCHEMA);
        assertThat(rowCount(keys)).isZero();
        FlightInfo exported = client.getExportedKeys(TableRef.of("iceberg", "sales", "orders"), alice);
        assertThat(exported.getSchemaOptional().orElseThrow()).isEqualTo(Schemas.GET_EXPORTED_KEYS_SCHEMA);
        assertThat(rowCount(exported)).isZero();
    }

    @Test
    void sqlInfo() throws Exception {
        FlightInfo info = client.getSqlInfo(new SqlInfo[] {SqlInfo.FLIGHT_SQL_SERVER_NAME,
                SqlInfo.SQL_IDENTIFIER_QUOTE_CHAR, SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY}, alice);
        List<Object> values = new ArrayList<>();
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), alice)) {
            while (stream.next()) {
                DenseUnionVector value = (DenseUnionVector) stream.getRoot().getVector("value");
                for (int row = 0; row < stream.getRoot().getRowCount(); row++) {
                    values.add(String.valueOf(value.getObject(row)));
                }
            }
        }
        assertThat(values).containsExactly("SQE", "\"", "false");
    }

    @Test
    void unknownSqlInfoIsOneCleanError() {
        FlightInfo info = client.getSqlInfo(new int[] {999_999}, alice);

        assertThatThrownBy(() -> rowCount(info))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
                    assertThat(e.status().description()).startsWith("INVALID_REQUEST: the server does not provide SqlInfo [999999]");
                });
    }

    @Test
    void xdbcTypeInfo() throws Exception {
        assertThat(strings(client.getXdbcTypeInfo(alice), "type_name")).containsExactlyInAnyOrder(
                "BOOLEAN", "INTEGER", "BIGINT", "REAL", "DOUBLE", "DECIMAL", "VARCHAR", "VARBINARY", "DATE", "TIME",
                "TIMESTAMP", "TIMESTAMP WITH TIME ZONE");
        assertThat(strings(client.getXdbcTypeInfo(java.sql.Types.DECIMAL, alice), "type_name"))
                .containsExactly("DECIMAL");
    }

    @Test
    void engineErrorBecomesItsCallStatusWithCodeAndTrailers() {
        assertThatThrownBy(() -> client.execute("SELECT * FROM missing", alice))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.NOT_FOUND);
                    assertThat(e.status().description())
                            .isEqualTo("TABLE_NOT_FOUND: table 'iceberg.default.missing' does not exist");
                    assertSqeMetadata(e.status(), "46", "TABLE_NOT_FOUND", "USER_ERROR");
                });
    }

    @Test
    void unexpectedFailureIsInternalWithAReferenceAndNoDetails() {
        assertThatThrownBy(() -> client.execute("SELECT boom", alice))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.INTERNAL);
                    assertThat(e.status().description()).matches(
                            "INTERNAL_ERROR: internal error; see the server log \\(reference [0-9a-f]{16}\\)");
                    assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("IllegalStateException");
                    assertSqeMetadata(e.status(), "65536", "INTERNAL_ERROR", "INTERNAL");
                });
    }

    @Test
    void errorInTheMiddleOfAStreamEndsTheStream() {
        FlightInfo info = client.execute("SELECT * FROM fails_later", alice);
        List<Long> seen = new ArrayList<>();

        assertThatThrownBy(() -> {
            try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), alice)) {
                while (stream.next()) {
                    seen.addAll(column(stream.getRoot(), "id"));
                }
            }
        }).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
            assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAVAILABLE);
            assertThat(e.status().description()).isEqualTo("STORAGE_ERROR: data file is unreadable");
        });
        assertThat(seen).containsExactly(1L, 2L, 3L);
    }

    @Test
    void cancelFlightInfoCancelsTheRunningStream() throws Exception {
        FlightInfo info = client.execute("SELECT * FROM slow", alice);
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), alice)) {
            assertThat(stream.next()).isTrue();
            assertThat(stream.getRoot().getRowCount()).isEqualTo(5);

            CancelStatus status = client.cancelFlightInfo(new CancelFlightInfoRequest(info), alice).getStatus();
            assertThat(status).isEqualTo(CancelStatus.CANCELLED);

            assertThatThrownBy(stream::next).isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                assertThat(e.status().code()).isEqualTo(FlightStatusCode.CANCELLED);
                assertThat(e.status().description()).startsWith("USER_CANCELED:");
            });
        }
        assertThat(engine.streams.get(engine.streams.size() - 1).isCancelled()).isTrue();
    }

    @Test
    void clientGoingAwayCancelsTheQuery() throws Exception {
        FlightInfo info = client.execute("SELECT * FROM slow", alice);
        FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), alice);
        assertThat(stream.next()).isTrue();
        FakeQueryEngine.FakeStream serverStream = engine.streams.get(engine.streams.size() - 1);

        stream.cancel("test is done", null);
        try {
            stream.close();
        } catch (Exception expected) {
            // Closing a cancelled stream reports the cancellation.
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!serverStream.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(serverStream.isClosed()).isTrue();
        assertThat(serverStream.isCancelled()).isTrue();
    }

    @Test
    void unknownBearerTokenIsUnauthenticated() {
        CredentialCallOption forged = new CredentialCallOption(new BearerCredentialWriter("forged-token"));

        assertThatThrownBy(() -> client.execute(NUMBERS, forged))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
                    assertThat(e.status().description()).startsWith("AUTHENTICATION_FAILED:");
                });
    }

    @Test
    void callWithoutCredentialsRunsAsAnonymousInANewSession() throws Exception {
        try (FlightClient anonymousClient = newFlightClient();
                FlightSqlClient anonymous = new FlightSqlClient(anonymousClient)) {
            engine.users.clear();
            FlightInfo info = anonymous.execute(NUMBERS);
            assertThat(engine.users).containsExactly("anonymous");

            assertThatThrownBy(() -> ids(anonymous.getStream(info.getEndpoints().get(0).getTicket())))
                    .as("a client that keeps neither the bearer token nor the cookie gets a new session per call")
                    .isInstanceOfSatisfying(FlightRuntimeException.class,
                            e -> assertThat(e.status().description()).startsWith("INVALID_HANDLE:"));
        }
    }

    @Test
    void anonymousClientWithCookiesKeepsItsSession() throws Exception {
        try (FlightClient anonymousClient = FlightClient.builder(clientAllocator,
                        Location.forGrpcInsecure("127.0.0.1", endpoint.port()))
                        .intercept(new ClientCookieMiddleware.Factory())
                        .build();
                FlightSqlClient anonymous = new FlightSqlClient(anonymousClient)) {
            FlightInfo info = anonymous.execute(NUMBERS);

            assertThat(ids(anonymous.getStream(info.getEndpoints().get(0).getTicket()))).hasSize(5);
        }
    }

    // Helpers

    private FlightClient newFlightClient() {
        return FlightClient.builder(clientAllocator, Location.forGrpcInsecure("127.0.0.1", endpoint.port())).build();
    }

    private CredentialCallOption newFlightClientFor(String user) throws Exception {
        try (FlightClient other = newFlightClient()) {
            return other.authenticateBasicToken(user, "pw").orElseThrow();
        }
    }

    private ByteString createPreparedStatement(String sql, CredentialCallOption credentials) throws Exception {
        Action action = new Action("CreatePreparedStatement",
                Any.pack(ActionCreatePreparedStatementRequest.newBuilder().setQuery(sql).build()).toByteArray());
        Iterator<Result> results = flightClient.doAction(action, credentials);
        Result result = results.next();
        while (results.hasNext()) {
            results.next();
        }
        return Any.parseFrom(result.getBody()).unpack(ActionCreatePreparedStatementResult.class)
                .getPreparedStatementHandle();
    }

    private static void assertSqeMetadata(CallStatus status, String code, String name, String type) {
        assertThat(FlightErrorTranslator.metadataValue(status, FlightErrorTranslator.ERROR_CODE_KEY)).contains(code);
        assertThat(FlightErrorTranslator.metadataValue(status, FlightErrorTranslator.ERROR_NAME_KEY)).contains(name);
        assertThat(FlightErrorTranslator.metadataValue(status, FlightErrorTranslator.ERROR_TYPE_KEY)).contains(type);
    }

    private static void setId(VectorSchemaRoot parameters, long id) {
        BigIntVector vector = (BigIntVector) parameters.getVector(0);
        vector.allocateNew(1);
        vector.set(0, id);
        parameters.setRowCount(1);
    }

    private List<Long> ids(FlightInfo info) throws Exception {
        List<Long> values = new ArrayList<>();
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), alice)) {
            while (stream.next()) {
                values.addAll(column(stream.getRoot(), stream.getRoot().getSchema().getFields().get(0).getName()));
            }
        }
        return values;
    }

    private static List<Long> ids(FlightStream stream) throws Exception {
        List<Long> values = new ArrayList<>();
        try (stream) {
            while (stream.next()) {
                values.addAll(column(stream.getRoot(), "id"));
            }
        }
        return values;
    }

    private List<String> names(FlightInfo info) throws Exception {
        return strings(info, "name");
    }

    private List<String> strings(FlightInfo info, String column) throws Exception {
        List<String> values = new ArrayList<>();
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), alice)) {
            while (stream.next()) {
                FieldVector vector = stream.getRoot().getVector(column);
                for (int row = 0; row < stream.getRoot().getRowCount(); row++) {
                    values.add(String.valueOf(vector.getObject(row)));
                }
            }
        }
        return values;
    }

    private long rowCount(FlightInfo info) throws Exception {
        long rows = 0;
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), alice)) {
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
        }
        return rows;
    }

    private static List<Long> column(VectorSchemaRoot root, String name) {
        List<Long> values = new ArrayList<>();
        BigIntVector vector = (BigIntVector) root.getVector(name);
        for (int row = 0; row < root.getRowCount(); row++) {
            values.add(vector.getObject(row));
        }
        return values;
    }
}
