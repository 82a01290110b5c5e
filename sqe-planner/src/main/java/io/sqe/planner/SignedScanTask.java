package io.sqe.planner;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs encoded {@link ScanTask}s so that a worker runs only tasks its coordinator made: a task names the files
 * to read and carries the storage credentials to read them with, so an unsigned task would let anyone who can
 * reach a worker read anything the worker can.
 *
 * <p>Envelope layout (format version 1):
 * <pre>{@code
 * "SQET" (4 bytes) | format version (1 byte) | HMAC-SHA256 (32 bytes) | task bytes from ScanTaskCodec
 * }</pre>
 * The MAC covers the magic, the version and the task bytes, so neither the version nor the task can be changed
 * without the secret. The envelope does not encrypt the task: workers must be reached over a private network or
 * TLS.
 */
public final class SignedScanTask {
    /** The envelope format this class writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final byte[] MAGIC = {'S', 'Q', 'E', 'T'};
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_LENGTH = 32;
    private static final int HEADER_LENGTH = MAGIC.length + 1 + MAC_LENGTH;

    private SignedScanTask() {}

    /**
     * Wraps {@code encodedTask} in a signed envelope.
     *
     * @param encodedTask a task encoded by {@link ScanTaskCodec#encode}
     * @param secret the secret shared by the coordinator and its workers; an empty secret signs, but protects nothing
     */
    public static byte[] sign(byte[] encodedTask, byte[] secret) {
        requireNonNull(encodedTask, "encodedTask is null");
        requireNonNull(secret, "secret is null");
        byte[] mac = mac(secret, (byte) FORMAT_VERSION, encodedTask, 0, encodedTask.length);
        return ByteBuffer.allocate(HEADER_LENGTH + encodedTask.length)
                .put(MAGIC)
                .put((byte) FORMAT_VERSION)
                .put(mac)
                .put(encodedTask)
                .array();
    }

    /**
     * Checks the envelope's signature and returns the task bytes inside it.
     *
     * @throws SqeException {@code AUTHENTICATION_FAILED} for an envelope that is not signed, is cut short, was
     *     changed or was signed with another secret; {@code INVALID_REQUEST} for a correctly framed envelope of an
     *     unknown format version
     */
    public static byte[] verify(byte[] envelope, byte[] secret) {
        requireNonNull(envelope, "envelope is null");
        requireNonNull(secret, "secret is null");
        if (envelope.length < HEADER_LENGTH || !Arrays.equals(envelope, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "the scan task is not signed (" + envelope.length
                    + " bytes without a complete signed-task header); send tasks signed with the cluster's"
                    + " worker secret");
        }
        byte version = envelope[MAGIC.length];
        if (version != FORMAT_VERSION) {
            throw new SqeException(ErrorCode.INVALID_REQUEST, "signed scan task format version " + (version & 0xFF)
                    + " is not supported; this worker reads version " + FORMAT_VERSION
                    + ". Run the same SQE version on coordinator and workers");
        }
        int payloadOffset = HEADER_LENGTH;
        byte[] expected = mac(secret, version, envelope, payloadOffset, envelope.length - payloadOffset);
        byte[] actual = Arrays.copyOfRange(envelope, MAGIC.length + 1, HEADER_LENGTH);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "the scan task signature does not match; the task"
                    + " was changed, cut short or signed with another secret. Give the coordinator and its workers"
                    + " the same worker secret");
        }
        return Arrays.copyOfRange(envelope, payloadOffset, envelope.length);
    }

    private static byte[] mac(byte[] secret, byte version, byte[] bytes, int offset, int length) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            // SecretKeySpec refuses an empty key; HMAC pads keys with zeros, so one zero byte is the same key.
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, ALGORITHM));
            mac.update(MAGIC);
            mac.update(version);
            mac.update(bytes, offset, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime must provide HmacSHA256; the key is never part of the message.
            throw new SqeException(ErrorCode.INTERNAL_ERROR, "cannot compute " + ALGORITHM + " for a scan task", e);
        }
    }
}
