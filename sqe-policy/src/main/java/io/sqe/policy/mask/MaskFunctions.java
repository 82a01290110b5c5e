package io.sqe.policy.mask;

import static java.util.Objects.requireNonNull;

import io.sqe.core.config.Secret;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;

/**
 * The functions mask expressions call. Plans call the static methods directly, so nothing needs registering for
 * queries to run. {@link #register(SchemaPlus)} adds them to a schema used to <em>plan</em> policy expressions
 * ({@link io.sqe.policy.rewrite.SqlPolicyExpressionPlanner} does this in a private schema). Do not register them
 * in the schema users' queries resolve against: a user who can call {@code sqe_mask_hash} with the key id from a
 * plan can compute the pseudonym of any guessed value.
 *
 * <table>
 *   <caption>SQL functions</caption>
 *   <tr><th>SQL</th><th>Java</th><th>result</th></tr>
 *   <tr><td>{@code sqe_mask_hash(VARCHAR value, VARCHAR key_id) -> VARCHAR}</td><td>{@link #hash}</td>
 *       <td>lower-case hex HMAC-SHA256 of the UTF-8 value (64 characters)</td></tr>
 *   <tr><td>{@code sqe_mask_hash_binary(VARBINARY value, VARCHAR key_id) -> VARBINARY}</td>
 *       <td>{@link #hashBinary}</td><td>the 32-byte HMAC-SHA256 of the bytes</td></tr>
 *   <tr><td>{@code sqe_mask_hash_number(VARCHAR value, VARCHAR key_id, BIGINT bound) -> BIGINT}</td>
 *       <td>{@link #hashNumber}</td><td>a number derived from the HMAC, in (-bound, bound)</td></tr>
 *   <tr><td>{@code sqe_mask_show_first(VARCHAR value, INTEGER count) -> VARCHAR}</td><td>{@link #showFirst}</td>
 *       <td>the first {@code count} characters, each other character replaced by {@code *}</td></tr>
 *   <tr><td>{@code sqe_mask_show_last(VARCHAR value, INTEGER count) -> VARCHAR}</td><td>{@link #showLast}</td>
 *       <td>the last {@code count} characters, each other character replaced by {@code *}</td></tr>
 *   <tr><td>{@code sqe_mask_show_first_binary(VARBINARY value, INTEGER count) -> VARBINARY}</td>
 *       <td>{@link #showFirstBinary}</td><td>the first {@code count} bytes</td></tr>
 *   <tr><td>{@code sqe_mask_show_last_binary(VARBINARY value, INTEGER count) -> VARBINARY}</td>
 *       <td>{@link #showLastBinary}</td><td>the last {@code count} bytes</td></tr>
 * </table>
 *
 * <p>All return NULL for a NULL value. The HMAC key never appears in a plan: expressions carry a key id, an
 * opaque random name that {@link #registerKey} hands out and that this class resolves in the process. An unknown
 * key id fails the query rather than hashing without a key. An empty key means plain SHA-256.
 */
public final class MaskFunctions {
    /** SQL function names and the Java methods behind them. */
    private static final Map<String, String> FUNCTIONS = Map.of(
            "sqe_mask_hash", "hash",
            "sqe_mask_hash_binary", "hashBinary",
            "sqe_mask_hash_number", "hashNumber",
            "sqe_mask_show_first", "showFirst",
            "sqe_mask_show_last", "showLast",
            "sqe_mask_show_first_binary", "showFirstBinary",
            "sqe_mask_show_last_binary", "showLastBinary");
    private static final Map<String, byte[]> KEYS = new ConcurrentHashMap<>();
    private static final byte[] NO_KEY = new byte[0];

    private MaskFunctions() {}

    /** Adds every mask function to {@code schema} (the statement's root schema). */
    public static void register(SchemaPlus schema) {
        requireNonNull(schema, "schema is null");
        FUNCTIONS.forEach((sqlName, javaName) -> schema.add(sqlName,
                requireNonNull(ScalarFunctionImpl.create(MaskFunctions.class, javaName), javaName)));
    }

    /** The SQL names of the functions {@link #register} adds. */
    public static java.util.Set<String> functionNames() {
        return FUNCTIONS.keySet();
    }

    /** Makes {@code key} usable by hash masks under the returned id, until {@link #unregisterKey}. */
    public static String registerKey(Secret key) {
        requireNonNull(key, "key is null");
        String keyId = "k-" + UUID.randomUUID();
        KEYS.put(keyId, key.isEmpty() ? NO_KEY : key.value().getBytes(StandardCharsets.UTF_8));
        return keyId;
    }

    public static void unregisterKey(String keyId) {
        KEYS.remove(requireNonNull(keyId, "keyId is null"));
    }

    public static String hash(String value, String keyId) {
        if (value == null) {
            return null;
        }
        return HexFormat.of().formatHex(digest(value.getBytes(StandardCharsets.UTF_8), keyId));
    }

    public static ByteString hashBinary(ByteString value, String keyId) {
        if (value == null) {
            return null;
        }
        return new ByteString(digest(value.getBytes(), keyId));
    }

    /** A number in (-bound, bound) taken from the HMAC of the value; {@code bound} must be positive. */
    public static Long hashNumber(String value, String keyId, long bound) {
        if (value == null) {
            return null;
        }
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        byte[] digest = digest(value.getBytes(StandardCharsets.UTF_8), keyId);
        // Signed 256-bit number modulo bound keeps the sign; the result lies strictly inside (-bound, bound).
        return new BigInteger(digest).remainder(BigInteger.valueOf(bound)).longValue();
    }

    public static String showFirst(String value, int count) {
        if (value == null) {
            return null;
        }
        int[] codePoints = value.codePoints().toArray();
        StringBuilder masked = new StringBuilder(value.length());
        for (int i = 0; i < codePoints.length; i++) {
            masked.appendCodePoint(i < count ? codePoints[i] : '*');
        }
        return masked.toString();
    }

    public static String showLast(String value, int count) {
        if (value == null) {
            return null;
        }
        int[] codePoints = value.codePoints().toArray();
        StringBuilder masked = new StringBuilder(value.length());
        for (int i = 0; i < codePoints.length; i++) {
            masked.appendCodePoint(i >= codePoints.length - count ? codePoints[i] : '*');
        }
        return masked.toString();
    }

    public static ByteString showFirstBinary(ByteString value, int count) {
        if (value == null) {
            return null;
        }
        return value.substring(0, Math.min(Math.max(count, 0), value.length()));
    }

    public static ByteString showLastBinary(ByteString value, int count) {
        if (value == null) {
            return null;
        }
        return value.substring(value.length() - Math.min(Math.max(count, 0), value.length()));
    }

    private static byte[] digest(byte[] input, String keyId) {
        byte[] key = KEYS.get(requireNonNull(keyId, "keyId is null"));
        if (key == null) {
            throw new IllegalStateException("mask key '" + keyId + "' is not registered; the policy engine that "
                    + "planned this query was closed");
        }
        try {
            if (key.length == 0) {
                return MessageDigest.getInstance("SHA-256").digest(input);
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
