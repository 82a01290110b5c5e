package io.sqe.policy.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.config.Secret;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.schema.SchemaPlus;
import org.junit.jupiter.api.Test;

class MaskFunctionsTest {
    private static final String FOX = "The quick brown fox jumps over the lazy dog";

    @Test
    void hashIsHexHmacSha256WithTheKey() {
        String keyId = MaskFunctions.registerKey(new Secret("key"));
        try {
            // RFC 4231-style published vector for HMAC-SHA256("key", FOX)
            assertThat(MaskFunctions.hash(FOX, keyId))
                    .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
            assertThat(MaskFunctions.hash(null, keyId)).isNull();
            assertThat(MaskFunctions.hashBinary(new ByteString(FOX.getBytes(StandardCharsets.UTF_8)), keyId))
                    .isEqualTo(ByteString.of("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", 16));
        } finally {
            MaskFunctions.unregisterKey(keyId);
        }
    }

    @Test
    void emptyKeyMeansPlainSha256() {
        String keyId = MaskFunctions.registerKey(new Secret(""));
        try {
            assertThat(MaskFunctions.hash("abc", keyId))
                    .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        } finally {
            MaskFunctions.unregisterKey(keyId);
        }
    }

    @Test
    void unknownKeyFailsInsteadOfHashingWithoutKey() {
        String keyId = MaskFunctions.registerKey(new Secret("k"));
        MaskFunctions.unregisterKey(keyId);
        assertThatThrownBy(() -> MaskFunctions.hash("abc", keyId))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("mask key '" + keyId + "' is not registered; the policy engine that planned this query "
                        + "was closed");
    }

    @Test
    void hashNumberStaysInsideTheBound() {
        String keyId = MaskFunctions.registerKey(new Secret("k"));
        try {
            for (int i = 0; i < 1000; i++) {
                assertThat(Math.abs(MaskFunctions.hashNumber("v" + i, keyId, 128))).isLessThan(128);
            }
            assertThat(MaskFunctions.hashNumber("same", keyId, Long.MAX_VALUE))
                    .isEqualTo(MaskFunctions.hashNumber("same", keyId, Long.MAX_VALUE));
        } finally {
            MaskFunctions.unregisterKey(keyId);
        }
    }

    @Test
    void showFirstAndLastMaskTheRestByCodePoint() {
        assertThat(MaskFunctions.showFirst("4111222233334444", 4)).isEqualTo("4111************");
        assertThat(MaskFunctions.showLast("4111222233334444", 4)).isEqualTo("************4444");
        assertThat(MaskFunctions.showLast("ab", 4)).isEqualTo("ab");
        assertThat(MaskFunctions.showFirst("😀x😀y", 1)).isEqualTo("😀***");
        assertThat(MaskFunctions.showLast(null, 1)).isNull();
        ByteString bytes = new ByteString(new byte[] {1, 2, 3});
        assertThat(MaskFunctions.showFirstBinary(bytes, 5)).isEqualTo(bytes);
        assertThat(MaskFunctions.showLastBinary(bytes, 1)).isEqualTo(new ByteString(new byte[] {3}));
    }

    @Test
    void registerAddsEveryFunction() {
        SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
        MaskFunctions.register(root);
        assertThat(root.getFunctionNames()).containsExactlyInAnyOrderElementsOf(MaskFunctions.functionNames());
        assertThat(root.getFunctionNames()).contains("sqe_mask_hash", "sqe_mask_hash_number");
    }
}
