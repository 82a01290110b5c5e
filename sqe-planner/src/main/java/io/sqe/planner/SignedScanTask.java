package io.sqe.planner;

import io.sqe.core.error.SqeException;

/**
 * Signs encoded {@link ScanTask}s so that a worker runs only tasks its coordinator made: a task names the files
 * to read and carries the storage credentials to read them with, so an unsigned task would let anyone who can
 * reach a worker read anything the worker can.
 *
 * <p>The envelope is a {@link SignedMessage} with the magic {@code SQET} around the bytes of
 * {@link ScanTaskCodec}. It does not encrypt the task: workers must be reached over a private network or TLS.
 */
public final class SignedScanTask {
    /** The envelope format this class writes and the only one it reads. */
    public static final int FORMAT_VERSION = SignedMessage.FORMAT_VERSION;

    private static final SignedMessage ENVELOPE = new SignedMessage("SQET", "scan task");

    private SignedScanTask() {}

    /**
     * Wraps {@code encodedTask} in a signed envelope.
     *
     * @param encodedTask a task encoded by {@link ScanTaskCodec#encode}
     * @param secret the secret shared by the coordinator and its workers; an empty secret signs, but protects nothing
     */
    public static byte[] sign(byte[] encodedTask, byte[] secret) {
        return ENVELOPE.sign(encodedTask, secret);
    }

    /**
     * Checks the envelope's signature and returns the task bytes inside it.
     *
     * @throws SqeException {@code AUTHENTICATION_FAILED} for an envelope that is not signed, is cut short, was
     *     changed or was signed with another secret; {@code INVALID_REQUEST} for a correctly framed envelope of an
     *     unknown format version
     */
    public static byte[] verify(byte[] envelope, byte[] secret) {
        return ENVELOPE.verify(envelope, secret);
    }
}
