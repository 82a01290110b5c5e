package io.sqe.coordinator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.config.QueryConfig;
import io.sqe.core.config.SqeConfig;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The Flight SQL protocol itself, with Arrow's FlightSqlClient against the real engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlightSqlClientIT {
    /** Far above what the cancel test's client reads before it cancels, so only the oversized test reaches it. */
    private static final long MAX_RESULT_ROWS = 1_000_000;

    private TestServer server;
    private BufferAllocator allocator;
    private FlightClient flightClient;
    private FlightSqlClient client;
    private CredentialCallOption bearer;

    @BeforeAll
    void start(@TempDir Path warehouse) throws Exception {
        SqeConfig config = SqeConfig.defaults().withQuery(new QueryConfig(1_000_000, MAX_RESULT_ROWS,
                SqeConfig.defaults().query().memoryLimitBytes()));
        server = TestServer.start(warehouse, config);
        allocator = new RootAllocator();
        flightClient = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
        bearer = flightClient.authenticateBasicToken("erin", "anything").orElseThrow();
        client = new FlightSqlClient(flightClient);
        assertThat(client.executeUpdate("CREATE SCHEMA fs", bearer)).isZero();
        assertThat(client.executeUpdate("CREATE TABLE fs.t (id integer, amount decimal(12,2), at timestamp(6),"
                + " bin varbinary)", bearer)).isZero();
        assertThat(client.executeUpdate("INSERT INTO fs.t VALUES (1, 10.25, TIMESTAMP '2024-01-01 00:00:01.5', X'01'),"
                + " (2, 0.01, TIMESTAMP '1969-12-31 23:59:59', X'FF00'), (3, NULL, NULL, NULL)", bearer)).isEqualTo(3);
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        allocator.close();
        server.close();
    }

    @Test
    void queryStreamsExactArrowValues() throws Exception {
        FlightInfo info = client.execute("SELECT id, amount, at, bin FROM fs.t ORDER BY id", bearer);
        assertThat(new String(info.getEndpoints().get(0).getTicket().getBytes(), StandardCharsets.ISO_8859_1))
                .as("tickets are opaque handles, never SQL").doesNotContainIgnoringCase("select");
        assertThat(info.getSchemaOptional().orElseThrow().getFields()).extracting(Field::getType).containsExactly(
                new ArrowType.Int(32, true), new ArrowType.Decimal(12, 2, 128),
                new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MICROSECOND, null),
                ArrowType.Binary.INSTANCE);
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), bearer)) {
            assertThat(stream.next()).isTrue();
            VectorSchemaRoot root = stream.getRoot();
            assertThat(root.getRowCount()).isEqualTo(3);
            assertThat(((IntVector) root.getVector("id")).get(0)).isEqualTo(1);
            assertThat(((DecimalVector) root.getVector("amount")).getObject(1)).isEqualTo(new BigDecimal("0.01"));
            assertThat(((TimeStampMicroVector) root.getVector("at")).get(0)).isEqualTo(1_704_067_201_500_000L);
            assertThat(((TimeStampMicroVector) root.getVector("at")).get(1)).isEqualTo(-1_000_000L);
            assertThat(((VarBinaryVector) root.getVector("bin")).get(1)).containsExactly(0xFF, 0x00);
            assertThat(root.getVector("amount").isNull(2)).isTrue();
            assertThat(stream.next()).isFalse();
        }
    }

    @Test
    void aTicketIsSingleUse() throws Exception {
        FlightInfo info = client.execute("SELECT count(*) FROM fs.t", bearer);
        drain(info);
        assertThatThrownBy(() -> drain(info))
                .isInstanceOf(FlightRuntimeException.class)
                .hasMessageContaining("INVALID_HANDLE");
    }

    @Test
    void preparedStatementBindsParametersAndPlansOnce() throws Exception {
        try (FlightSqlClient.PreparedStatement statement = client.prepare("SELECT amount FROM fs.t WHERE id = ?", bearer);
                VectorSchemaRoot parameters = VectorSchemaRoot.create(statement.getParameterSchema(), allocator)) {
            assertThat(statement.getParameterSchema().getFields()).hasSize(1);
            for (int id = 1; id <= 2; id++) {
                parameters.allocateNew();
                ((IntVector) parameters.getVector(0)).setSafe(0, id);
                parameters.setRowCount(1);
                statement.setParameters(parameters);
                List<Object> amounts = drain(statement.execute(bearer));
                assertThat(amounts).containsExactly(id == 1 ? new BigDecimal("10.25") : new BigDecimal("0.01"));
            }
            statement.close(bearer);
        }
    }

    @Test
    void preparedUpdateReturnsRowsAffected() {
        client.executeUpdate("CREATE TABLE fs.kv (k integer)", bearer);
        try (FlightSqlClient.PreparedStatement statement = client.prepare("INSERT INTO fs.kv VALUES (?)", bearer);
                VectorSchemaRoot parameters = VectorSchemaRoot.create(statement.getParameterSchema(), allocator)) {
            parameters.allocateNew();
            ((IntVector) parameters.getVector(0)).setSafe(0, 42);
            parameters.setRowCount(1);
            statement.setParameters(parameters);
            assertThat(statement.executeUpdate(bearer)).isEqualTo(1);
            statement.close(bearer);
        }
    }

    @Test
    void metadataCommands() throws Exception {
        assertThat(drain(client.getCatalogs(bearer))).containsExactly("iceberg");
        assertThat(drain(client.getSchemas("iceberg", "f%", bearer), "db_schema_name")).containsExactly("fs");
        FlightInfo tables = client.getTables("iceberg", "fs", "t", null, true, bearer);
        try (FlightStream stream = client.getStream(tables.getEndpoints().get(0).getTicket(), bearer)) {
            assertThat(stream.next()).isTrue();
            VectorSchemaRoot root = stream.getRoot();
            assertThat(root.getRowCount()).isEqualTo(1);
            assertThat(root.getVector("table_name").getObject(0).toString()).isEqualTo("t");
            byte[] schemaBytes = ((VarBinaryVector) root.getVector("table_schema")).get(0);
            Schema schema = MessageSerializer.deserializeSchema(
                    new ReadChannel(new ByteArrayReadableSeekableByteChannel(schemaBytes)));
            assertThat(schema.getFields()).extracting(Field::getName).containsExactly("id", "amount", "at", "bin");
        }
        assertThat(drain(client.getTableTypes(bearer))).contains("TABLE");
        assertThat(drain(client.getSqlInfo(new int[0], bearer))).isNotEmpty();
        assertThat(drain(client.getXdbcTypeInfo(bearer))).isNotEmpty();
        assertThat(drain(client.getPrimaryKeys(org.apache.arrow.flight.sql.util.TableRef.of("iceberg", "fs", "t"),
                bearer))).isEmpty();
    }

    @Test
    void errorsCarryTheirCodeAndTheServerKeepsServing() throws Exception {
        assertThatThrownBy(() -> client.execute("SELECT * FROM fs.missing", bearer))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.NOT_FOUND);
                    assertThat(e.status().description()).startsWith("TABLE_NOT_FOUND: line 1:15:")
                            .contains("iceberg.fs.missing");
                    assertThat(e.status().metadata().get("x-sqe-error-code")).isEqualTo("46");
                    assertThat(e.status().metadata().get("x-sqe-error-type")).isEqualTo("USER_ERROR");
                });
        assertThatThrownBy(() -> client.execute("SELECT FROM WHERE", bearer))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
                    assertThat(e.status().description()).startsWith("SYNTAX_ERROR: line 1:");
                });
        assertThat(drain(client.execute("SELECT 1", bearer))).containsExactly(1);
    }

    @Test
    void oversizedResultsFailCleanly() {
        String big = "SELECT a.x FROM (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) AS a(x),"
                + " (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) AS b(x), (VALUES (1),(2),(3),(4),(5),(6),(7),(8),"
                + "(9),(10)) AS c(x), (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) AS d(x),"
                + " (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) AS e(x),"
                + " (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) AS f(x),"
                + " (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) AS g(x)";
        assertThatThrownBy(() -> drain(client.execute(big, bearer)))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
                    assertThat(e.status().description()).startsWith("EXCEEDED_RESULT_LIMIT:")
                            .contains(String.valueOf(MAX_RESULT_ROWS));
                });
    }

    @Test
    void cancellingARunningQueryStopsIt() throws Exception {
        String ten = "(VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10))";
        String endless = "SELECT a.x FROM " + ten + " AS a(x) CROSS JOIN " + ten + " AS b(x) CROSS JOIN " + ten
                + " AS c(x) CROSS JOIN " + ten + " AS d(x) CROSS JOIN " + ten + " AS e(x) CROSS JOIN " + ten
                + " AS f(x) CROSS JOIN " + ten + " AS g(x) CROSS JOIN " + ten + " AS h(x)";
        FlightInfo info = client.execute(endless, bearer);
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), bearer)) {
            assertThat(stream.next()).isTrue();
            client.cancelFlightInfo(new CancelFlightInfoRequest(info), bearer);
            long deadline = System.nanoTime() + 30_000_000_000L;
            assertThatThrownBy(() -> {
                while (System.nanoTime() < deadline && stream.next()) {
                    // the server stops between batches; 10^8 rows would take far longer than the deadline
                }
                throw new AssertionError("stream was not cancelled within 30 s");
            }).isInstanceOfSatisfying(FlightRuntimeException.class,
                    e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.CANCELLED));
        }
        assertThat(drain(client.execute("SELECT 2", bearer))).containsExactly(2);
    }

    private List<Object> drain(FlightInfo info) throws Exception {
        return drain(info, null);
    }

    /** The values of one column ({@code null}: the first) of every row of every endpoint. */
    private List<Object> drain(FlightInfo info, String column) throws Exception {
        List<Object> values = new ArrayList<>();
        for (FlightEndpoint endpoint : info.getEndpoints()) {
            try (FlightStream stream = client.getStream(endpoint.getTicket(), bearer)) {
                while (stream.next()) {
                    VectorSchemaRoot root = stream.getRoot();
                    for (int row = 0; row < root.getRowCount(); row++) {
                        Object value = (column == null ? root.getVector(0) : root.getVector(column)).getObject(row);
                        values.add(value instanceof org.apache.arrow.vector.util.Text ? value.toString() : value);
                    }
                }
            }
        }
        return values;
    }
}
