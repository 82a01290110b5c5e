package io.sqe.worker;

import static io.sqe.worker.WorkerTestTables.STORAGE;
import static io.sqe.worker.WorkerTestTables.append;
import static io.sqe.worker.WorkerTestTables.record;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.ScanPlan;
import io.sqe.planner.ScanPlanner;
import io.sqe.planner.ScanTask;
import io.sqe.planner.ScanTaskCodec;
import io.sqe.planner.SignedScanTask;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs signed scan tasks through a real worker Flight server on 127.0.0.1 and a real Flight client. */
class WorkerServerIT {
    private static final byte[] SECRET = "cluster-worker-secret".getBytes(UTF_8);
    private static final Schema PEOPLE = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()),
            Types.NestedField.optional(3, "region", Types.StringType.get()),
            Types.NestedField.optional(4, "ts", Types.TimestampType.withoutZone()));

    private final WorkerTestTables tables = new WorkerTestTables();
    private final RootAllocator allocator = new RootAllocator();
    private final ScanPlanner planner = new ScanPlanner();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        tables.close();
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void streamsEveryRowAndValueOfEveryTask() throws Exception {
        Table table = tables.create("people", PEOPLE, PartitionSpec.builderFor(PEOPLE).identity("region").build());
        append(table, List.of(
                record(PEOPLE, 1L, "Ana", "eu", LocalDateTime.parse("2024-01-02T03:04:05.678901")),
                record(PEOPLE, 2L, null, "eu", null),
                record(PEOPLE, 3L, "Bo", "us", LocalDateTime.parse("1969-12-31T23:59:59.999999")),
                record(PEOPLE, 4L, "Çağrı", "us", LocalDateTime.parse("2000-02-29T00:00:00"))));
        ScanPlan plan = planner.plan(table, List.of(1, 2, 3, 4), Expressions.alwaysTrue(), STORAGE, "q-stream");
        WorkerServer server = start(SECRET);
        FlightClient client = client(server.port());

        List<List<Object>> rows = new ArrayList<>();
        for (ScanTask task : plan.tasks()) {
            rows.addAll(read(client, signed(task, SECRET)));
        }

        assertThat(plan.tasks().stream().mapToInt(task -> task.files().size()).sum()).isEqualTo(2);
        assertThat(rows).containsExactlyInAnyOrder(
                Arrays.asList(1L, "Ana", "eu", LocalDateTime.parse("2024-01-02T03:04:05.678901")),
                Arrays.asList(2L, null, "eu", null),
                Arrays.asList(3L, "Bo", "us", LocalDateTime.parse("1969-12-31T23:59:59.999999")),
                Arrays.asList(4L, "Çağrı", "us", LocalDateTime.parse("2000-02-29T00:00:00")));
        // The server ends its side of a stream just after the client has read the end of it.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.activeStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.activeStreams()).as("streams still running").isZero();
    }

    @Test
    void ticketsNotSignedWithTheWorkerSecretAreUnauthenticated() throws Exception {
        Table table = tables.create("secret", PEOPLE, PartitionSpec.unpartitioned());
        append(table, people(1, 3));
        ScanTask task = planner.plan(table, List.of(1), Expressions.alwaysTrue(), STORAGE, "q-auth").tasks().get(0);
        WorkerServer server = start(SECRET);
        FlightClient client = client(server.port());
        byte[] forged = signed(task, SECRET);
        forged[forged.length - 3] ^= 1;

        assertFlightError(client, forged, FlightStatusCode.UNAUTHENTICATED,
                "AUTHENTICATION_FAILED: the scan task signature does not match");
        assertFlightError(client, ScanTaskCodec.encode(task), FlightStatusCode.UNAUTHENTICATED,
                "AUTHENTICATION_FAILED: the scan task is not signed");
        assertFlightError(client, signed(task, "other-secret".getBytes(UTF_8)), FlightStatusCode.UNAUTHENTICATED,
                "AUTHENTICATION_FAILED: the scan task signature does not match");
        assertThat(read(client, signed(task, SECRET))).hasSize(3);
    }

    @Test
    void malformedSignedTaskIsAnInvalidArgument() throws Exception {
        WorkerServer server = start(SECRET);
        FlightClient client = client(server.port());

        assertFlightError(client, SignedScanTask.sign("{\"format-version\":1}".getBytes(UTF_8), SECRET),
                FlightStatusCode.INVALID_ARGUMENT, "INVALID_REQUEST: ");
    }

    @Test
    void storageErrorIsUnavailableWithoutCredentials() throws Exception {
        Table table = tables.create("missing", PEOPLE, PartitionSpec.unpartitioned());
        String path = table.location() + "/data/gone.parquet";
        table.newAppend().appendFile(DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(path).withFormat(FileFormat.PARQUET).withFileSizeInBytes(100).withRecordCount(3).build())
                .commit();
        Map<String, String> storage = new HashMap<>(STORAGE);
        storage.put("s3.secret-access-key", "hunter2");
        ScanTask task = planner.plan(table, List.of(1), Expressions.alwaysTrue(), storage, "q-gone").tasks().get(0);
        WorkerServer server = start(SECRET);
        FlightClient client = client(server.port());

        assertThatThrownBy(() -> read(client, signed(task, SECRET)))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAVAILABLE);
                    assertThat(e.status().description())
                            .startsWith("STORAGE_ERROR: ")
                            .contains(path)
                            .doesNotContain("hunter2")
                            .doesNotContain("\tat ");
                });
    }

    @Test
    void cancelledStreamStopsTheScanAndReleasesItsBuffers() throws Exception {
        Table table = tables.create("big", PEOPLE, PartitionSpec.unpartitioned());
        int total = 50_000;
        append(table, people(1, total));
        ScanTask task = planner.plan(table, List.of(1, 2), Expressions.alwaysTrue(), STORAGE, "q-cancel")
                .tasks().get(0);
        // One row per batch: far more messages than gRPC's flow-control window, so the scan must wait for the client.
        BufferAllocator serverAllocator = track(allocator.newChildAllocator("server", 0, Long.MAX_VALUE));
        ScanExecutor executor = track(new ScanExecutor(1));
        WorkerFlightService service = track(
                new WorkerFlightService(executor, serverAllocator, SECRET, 2, Duration.ofSeconds(30)));
        FlightServer server = track(
                FlightServer.builder(serverAllocator, Location.forGrpcInsecure("127.0.0.1", 0), service).build());
        server.start();
        FlightClient client = client(server.getPort());

        long rowsRead = 0;
        try (FlightStream stream = client.getStream(new Ticket(signed(task, SECRET)))) {
            assertThat(stream.next()).isTrue();
            rowsRead += stream.getRoot().getRowCount();
            stream.cancel("test cancels", null);
        } catch (FlightRuntimeException e) {
            assertThat(e.status().code()).isEqualTo(FlightStatusCode.CANCELLED);
        }

        awaitNoStreams(service);
        assertThat(rowsRead).isLessThan(total);
        assertThat(serverAllocator.getAllocatedMemory()).isZero();
    }

    @Test
    void refusesWildcardHostAndEmptySecret() {
        assertThatThrownBy(() -> WorkerServer.start("0.0.0.0", 0, SECRET, false, allocator))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("cannot listen on '0.0.0.0', which means every network")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.CONFIGURATION_INVALID);
        assertThatThrownBy(() -> WorkerServer.start("127.0.0.1", 0, new byte[0], false, allocator))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("the worker secret is empty")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.CONFIGURATION_INVALID);
        assertThat(allocator.getAllocatedMemory()).isZero();
    }

    @Test
    void portInUseIsAConfigurationErrorThatLeaksNothing() {
        WorkerServer first = start(SECRET);

        assertThatThrownBy(() -> WorkerServer.start("127.0.0.1", first.port(), SECRET, false, allocator))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("the worker cannot listen on 127.0.0.1:" + first.port())
                .hasMessageNotContaining("cluster-worker-secret")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.CONFIGURATION_INVALID);
        assertThat(allocator.getChildAllocators()).hasSize(1);
    }

    @Test
    void emptySecretWorksOnlyWhenExplicitlyAllowed() throws Exception {
        Table table = tables.create("dev", PEOPLE, PartitionSpec.unpartitioned());
        append(table, people(1, 2));
        ScanTask task = planner.plan(table, List.of(1), Expressions.alwaysTrue(), STORAGE, "q-dev").tasks().get(0);
        WorkerServer server = track(WorkerServer.start("127.0.0.1", 0, new byte[0], true, allocator));
        FlightClient client = client(server.port());

        assertThat(read(client, signed(task, new byte[0]))).containsExactly(List.of(1L), List.of(2L));
        assertFlightError(client, signed(task, SECRET), FlightStatusCode.UNAUTHENTICATED, "AUTHENTICATION_FAILED");
    }

    private WorkerServer start(byte[] secret) {
        return track(WorkerServer.start("127.0.0.1", 0, secret, false, allocator));
    }

    private FlightClient client(int port) {
        BufferAllocator clientAllocator = track(allocator.newChildAllocator("client", 0, Long.MAX_VALUE));
        return track(FlightClient.builder(clientAllocator, Location.forGrpcInsecure("127.0.0.1", port)).build());
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private static byte[] signed(ScanTask task, byte[] secret) {
        return SignedScanTask.sign(ScanTaskCodec.encode(task), secret);
    }

    private static List<List<Object>> read(FlightClient client, byte[] ticket) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (FlightStream stream = client.getStream(new Ticket(ticket))) {
            while (stream.next()) {
                VectorSchemaRoot root = stream.getRoot();
                for (int row = 0; row < root.getRowCount(); row++) {
                    List<Object> values = new ArrayList<>();
                    for (FieldVector vector : root.getFieldVectors()) {
                        Object value = vector.getObject(row);
                        values.add(value instanceof org.apache.arrow.vector.util.Text ? value.toString() : value);
                    }
                    rows.add(values);
                }
            }
        }
        return rows;
    }

    private static void assertFlightError(FlightClient client, byte[] ticket, FlightStatusCode code, String message) {
        assertThatThrownBy(() -> read(client, ticket))
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(code);
                    assertThat(e.status().description()).startsWith(message).doesNotContain("\tat ");
                    assertThat(new String(e.status().metadata().getByte(FlightErrorTranslator.ERROR_NAME_KEY), UTF_8))
                            .isEqualTo(message.substring(0, message.indexOf(':') < 0 ? message.length()
                                    : message.indexOf(':')));
                });
    }

    private static void awaitNoStreams(WorkerFlightService service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (service.activeStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(service.activeStreams()).as("streams still running").isZero();
    }

    private static List<Record> people(long from, long to) {
        List<Record> records = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            records.add(record(PEOPLE, id, "p" + id, "eu", LocalDateTime.parse("2024-01-01T00:00:00")));
        }
        return records;
    }
}
