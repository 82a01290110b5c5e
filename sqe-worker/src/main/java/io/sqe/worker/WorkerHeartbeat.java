package io.sqe.worker;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import io.sqe.planner.SignedMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a worker tells its coordinator every few seconds ({@code [worker] coordinator_url}): who it is, where to
 * send tasks, and how many it runs at once. The coordinator schedules on a registered worker until it misses
 * {@link #MISSED_HEARTBEATS} heartbeats or says it is leaving.
 *
 * <p>On the wire it is a {@link SignedMessage} with the magic {@code SQEH}, sent as the body of the Flight action
 * {@link #ACTION}; the MAC covers the magic, so neither a heartbeat nor a scan task can pass for the other.
 *
 * @param nodeId a random id the worker picks at start, so a restarted worker on the same address is a new node
 * @param url where the coordinator reaches the worker, {@code grpc://host:port} ({@code advertise_url})
 * @param version the worker's SQE version
 * @param slots scans the worker runs at once
 * @param intervalMillis how often the worker sends a heartbeat
 * @param sentAtMillis the worker's clock when it sent this one; the coordinator refuses stale and replayed ones
 * @param leaving the worker is shutting down: take it out of scheduling now
 */
public record WorkerHeartbeat(String nodeId, String url, String version, int slots, long intervalMillis,
        long sentAtMillis, boolean leaving) {
    /** The Flight action type heartbeats are sent as. */
    public static final String ACTION = "sqe.worker.heartbeat";
    /** Heartbeats a registered worker may miss before the coordinator evicts it. */
    public static final int MISSED_HEARTBEATS = 3;

    private static final SignedMessage ENVELOPE = new SignedMessage("SQEH", "worker heartbeat");
    private static final byte CODEC_VERSION = 1;

    public WorkerHeartbeat {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(url, "url is null");
        requireNonNull(version, "version is null");
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1: " + slots);
        }
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("intervalMillis must be positive: " + intervalMillis);
        }
    }

    /** This heartbeat, encoded and signed with {@code secret}. */
    public byte[] sign(byte[] secret) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(CODEC_VERSION);
            out.writeUTF(nodeId);
            out.writeUTF(url);
            out.writeUTF(version);
            out.writeInt(slots);
            out.writeLong(intervalMillis);
            out.writeLong(sentAtMillis);
            out.writeBoolean(leaving);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ENVELOPE.sign(bytes.toByteArray(), secret);
    }

    /**
     * The heartbeat in {@code envelope}, once its signature is checked.
     *
     * @throws SqeException {@code AUTHENTICATION_FAILED} for an envelope not signed with {@code secret};
     *     {@code INVALID_REQUEST} for a signed body that is not a heartbeat this version reads
     */
    public static WorkerHeartbeat verify(byte[] envelope, byte[] secret) {
        byte[] body = ENVELOPE.verify(envelope, secret);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            byte version = in.readByte();
            if (version != CODEC_VERSION) {
                throw new SqeException(ErrorCode.INVALID_REQUEST, "worker heartbeat format version " + version
                        + " is not supported; run the same SQE version on coordinator and workers");
            }
            WorkerHeartbeat heartbeat = new WorkerHeartbeat(in.readUTF(), in.readUTF(), in.readUTF(), in.readInt(),
                    in.readLong(), in.readLong(), in.readBoolean());
            if (in.available() > 0) {
                throw new SqeException(ErrorCode.INVALID_REQUEST, "the worker heartbeat has " + in.available()
                        + " bytes after its end");
            }
            return heartbeat;
        } catch (IOException | IllegalArgumentException e) {
            throw new SqeException(ErrorCode.INVALID_REQUEST, "the worker heartbeat is malformed: "
                    + e.getMessage(), e);
        }
    }

    /** How long after this heartbeat the coordinator waits for the next before it evicts the worker. */
    public long expiryMillis() {
        return MISSED_HEARTBEATS * intervalMillis;
    }
}
