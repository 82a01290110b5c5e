package io.sqe.planner;

import static io.sqe.planner.PlannerTestTables.STORAGE;
import static io.sqe.planner.PlannerTestTables.dataFile;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignedScanTaskTest {
    private static final byte[] SECRET = "worker-secret".getBytes(UTF_8);
    private static final byte[] PAYLOAD = "{\"format-version\":1}".getBytes(UTF_8);
    // "SQET", version 1, HMAC-SHA256("worker-secret", "SQET" 0x01 payload), payload; computed with Python's hmac.
    private static final String GOLDEN = "5351455401"
            + "5c22b41dd99be01aaed91373af4bdbaa1282e50e8887075454df93ad72283e34"
            + "7b22666f726d61742d76657273696f6e223a317d";

    private final PlannerTestTables tables = new PlannerTestTables();

    @AfterEach
    void tearDown() {
        tables.close();
    }

    @Test
    void envelopeMatchesGoldenBytes() {
        assertThat(HexFormat.of().formatHex(SignedScanTask.sign(PAYLOAD, SECRET))).isEqualTo(GOLDEN);
        assertThat(SignedScanTask.verify(HexFormat.of().parseHex(GOLDEN), SECRET)).isEqualTo(PAYLOAD);
    }

    @Test
    void emptySecretIsStandardHmacWithAnEmptyKey() {
        // HMAC-SHA256("", "SQET" 0x01 payload), computed with Python's hmac.
        byte[] envelope = SignedScanTask.sign(PAYLOAD, new byte[0]);

        assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(envelope, 5, 37)))
                .isEqualTo("37db07b33c633a64b97ad673dab37f3cd952d12bdfd5391ce1ccfacc096d8fbc");
        assertThat(SignedScanTask.verify(envelope, new byte[0])).isEqualTo(PAYLOAD);
    }

    @Test
    void plannedTaskRoundTrips() {
        Table table = tables.create("signed", PartitionSpec.unpartitioned());
        table.newAppend().appendFile(dataFile(table, "", 1, 10, 100)).commit();
        ScanTask task = new ScanPlanner().plan(table, List.of(1), Expressions.alwaysTrue(), STORAGE, "q")
                .tasks().get(0);
        byte[] encoded = ScanTaskCodec.encode(task);

        byte[] verified = SignedScanTask.verify(SignedScanTask.sign(encoded, SECRET), SECRET);

        assertThat(verified).isEqualTo(encoded);
        assertThat(ScanTaskCodec.decode(verified).files()).hasSize(1);
    }

    @Test
    void unsignedTaskIsRejected() {
        assertUnauthenticated(PAYLOAD, SECRET, "the scan task is not signed");
        assertUnauthenticated(new byte[0], SECRET, "the scan task is not signed (0 bytes");
    }

    @Test
    void truncatedEnvelopeIsRejected() {
        byte[] envelope = SignedScanTask.sign(PAYLOAD, SECRET);

        assertUnauthenticated(Arrays.copyOf(envelope, 20), SECRET, "the scan task is not signed (20 bytes");
        assertUnauthenticated(Arrays.copyOf(envelope, envelope.length - 1), SECRET, "signature does not match");
        assertUnauthenticated(Arrays.copyOf(envelope, 37), SECRET, "signature does not match");
    }

    @Test
    void forgedEnvelopeIsRejected() {
        byte[] changedTask = SignedScanTask.sign(PAYLOAD, SECRET);
        changedTask[changedTask.length - 2] ^= 1;
        byte[] changedMac = SignedScanTask.sign(PAYLOAD, SECRET);
        changedMac[10] ^= 1;
        byte[] forged = SignedScanTask.sign("{\"format-version\":2}".getBytes(UTF_8), "guess".getBytes(UTF_8));

        assertUnauthenticated(changedTask, SECRET, "signature does not match");
        assertUnauthenticated(changedMac, SECRET, "signature does not match");
        assertUnauthenticated(forged, SECRET, "signature does not match");
    }

    @Test
    void anotherKindOfSignedMessageIsNotAScanTask() {
        SignedMessage heartbeats = new SignedMessage("SQEH", "worker heartbeat");
        byte[] heartbeat = heartbeats.sign(PAYLOAD, SECRET);
        byte[] relabelled = heartbeat.clone();
        System.arraycopy("SQET".getBytes(UTF_8), 0, relabelled, 0, 4);

        assertUnauthenticated(heartbeat, SECRET, "the scan task is not signed");
        // The MAC covers the magic: the same bytes under the scan task magic do not verify.
        assertUnauthenticated(relabelled, SECRET, "signature does not match");
        assertThat(heartbeats.verify(heartbeat, SECRET)).isEqualTo(PAYLOAD);
        assertThatThrownBy(() -> heartbeats.verify(SignedScanTask.sign(PAYLOAD, SECRET), SECRET))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("the worker heartbeat is not signed");
    }

    @Test
    void otherSecretIsRejectedWithoutRevealingEitherSecret() {
        byte[] envelope = SignedScanTask.sign(PAYLOAD, "another-secret".getBytes(UTF_8));

        assertThatThrownBy(() -> SignedScanTask.verify(envelope, SECRET))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("signed with another secret")
                .hasMessageNotContaining("worker-secret")
                .hasMessageNotContaining("another-secret")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void unknownVersionIsAnInvalidRequest() {
        byte[] envelope = SignedScanTask.sign(PAYLOAD, SECRET);
        envelope[4] = 7;

        assertThatThrownBy(() -> SignedScanTask.verify(envelope, SECRET))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining("format version 7 is not supported")
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    private static void assertUnauthenticated(byte[] envelope, byte[] secret, String message) {
        assertThatThrownBy(() -> SignedScanTask.verify(envelope, secret))
                .isInstanceOf(SqeException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((SqeException) e).errorCode())
                .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }
}
