package io.sqe.planner;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One kind of message a coordinator and its workers sign with their shared secret: scan tasks
 * ({@link SignedScanTask}) and worker heartbeats. Each kind has its own four-byte magic, which the MAC covers, so a
 * message of one kind never verifies as another even under the same secret (domain separation).
 *
 * <p>Envelope layout (format version 1):
 * <pre>{@code
 * magic (4 bytes) | format version (1 byte) | HMAC-SHA256 (32 bytes) | payload
 * }</pre>
 * The MAC covers the magic, the version and the payload. The envelope does not encrypt the payload. Immutable and
 * thread-safe.
 */
public final class SignedMessage {
    /** The envelope format this class writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAGIC_LENGTH = 4;
    private static final int MAC_LENGTH = 32;
    private static final int HEADER_LENGTH = MAGIC_LENGTH + 1 + MAC_LENGTH;

    private final byte[] magic;
    private final String kind;

    /**
     * @param magic four ASCII characters naming the kind of message, such as {@code SQET}
     * @param kind the kind of message in error messages, such as "scan task"
     */
    public SignedMessage(String magic, String kind) {
        this.magic = requireNonNull(magic, "magic is null").getBytes(StandardCharsets.US_ASCII);
        this.kind = requireNonNull(kind, "kind is null");
        if (this.magic.length != MAGIC_LENGTH) {
            throw new IllegalArgumentException("magic must be " + MAGIC_LENGTH + " characters: " + magic);
        }
    }

    /**
     * Wraps {@code payload} in a signed envelope.
     *
     * @param secret the secret shared by the coordinator and its workers; an empty secret signs, but protects nothing
     */
    public byte[] sign(byte[] payload, byte[] secret) {
        requireNonNull(payload, "payload is null");
        requireNonNull(secret, "secret is null");
        byte[] mac = mac(secret, (byte) FORMAT_VERSION, payload, 0, payload.length);
        return ByteBuffer.allocate(HEADER_LENGTH + payload.length)
                .put(magic)
                .put((byte) FORMAT_VERSION)
                .put(mac)
                .put(payload)
                .array();
    }

    /**
     * Checks the envelope's signature and returns the payload inside it.
     *
     * @throws SqeException {@code AUTHENTICATION_FAILED} for an envelope that is not of this kind, is cut short, was
     *     changed or was signed with another secret; {@code INVALID_REQUEST} for a correctly framed envelope of an
     *     unknown format version
     */
    public byte[] verify(byte[] envelope, byte[] secret) {
        requireNonNull(envelope, "envelope is null");
        requireNonNull(secret, "secret is null");
        if (envelope.length < HEADER_LENGTH || !Arrays.equals(envelope, 0, MAGIC_LENGTH, magic, 0, MAGIC_LENGTH)) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "the " + kind + " is not signed ("
                    + envelope.length + " bytes without a complete signed " + kind + " header); send " + kind
                    + "s signed with the cluster's worker secret");
        }
        byte version = envelope[MAGIC_LENGTH];
        if (version != FORMAT_VERSION) {
            throw new SqeException(ErrorCode.INVALID_REQUEST, "signed " + kind + " format version "
                    + (version & 0xFF) + " is not supported; this server reads version " + FORMAT_VERSION
                    + ". Run the same SQE version on coordinator and workers");
        }
        byte[] expected = mac(secret, version, envelope, HEADER_LENGTH, envelope.length - HEADER_LENGTH);
        byte[] actual = Arrays.copyOfRange(envelope, MAGIC_LENGTH + 1, HEADER_LENGTH);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new SqeException(ErrorCode.AUTHENTICATION_FAILED, "the " + kind + " signature does not match;"
                    + " the " + kind + " was changed, cut short or signed with another secret. Give the coordinator"
                    + " and its workers the same worker secret");
        }
        return Arrays.copyOfRange(envelope, HEADER_LENGTH, envelope.length);
    }

    private byte[] mac(byte[] secret, byte version, byte[] bytes, int offset, int length) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            // SecretKeySpec refuses an empty key; HMAC pads keys with zeros, so one zero byte is the same key.
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, ALGORITHM));
            mac.update(magic);
            mac.update(version);
            mac.update(bytes, offset, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime must provide HmacSHA256; the key is never part of the message.
            throw new SqeException(ErrorCode.INTERNAL_ERROR, "cannot compute " + ALGORITHM + " for a " + kind, e);
        }
    }
}
