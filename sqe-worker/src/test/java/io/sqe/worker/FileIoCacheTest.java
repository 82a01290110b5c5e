package io.sqe.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.util.Map;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.junit.jupiter.api.Test;

class FileIoCacheTest {
    private static final Map<String, String> ALICE =
            Map.of("io-impl", InMemoryFileIO.class.getName(), "token", "alice-secret");
    private static final Map<String, String> BOB =
            Map.of("io-impl", InMemoryFileIO.class.getName(), "token", "bob-secret");

    @Test
    void equalPropertiesShareOneFileIo() {
        try (FileIoCache cache = new FileIoCache(4);
                FileIoCache.Lease first = cache.acquire(ALICE);
                FileIoCache.Lease second = cache.acquire(Map.copyOf(ALICE));
                FileIoCache.Lease other = cache.acquire(BOB)) {
            assertThat(second.io()).isSameAs(first.io());
            assertThat(other.io()).isNotSameAs(first.io());
            assertThat(cache.size()).isEqualTo(2);
        }
    }

    @Test
    void idleEntriesBeyondTheLimitAreClosedButLeasedOnesAreNot() {
        FileIoCache cache = new FileIoCache(0);
        FileIoCache.Lease alice = cache.acquire(ALICE);
        InMemoryFileIO aliceIo = (InMemoryFileIO) alice.io();
        FileIoCache.Lease bob = cache.acquire(BOB);
        InMemoryFileIO bobIo = (InMemoryFileIO) bob.io();

        bob.close();
        assertThat(bobIo.isClosed()).isTrue();
        assertThat(aliceIo.isClosed()).isFalse();
        assertThat(cache.size()).isEqualTo(1);

        cache.close();
        assertThat(aliceIo.isClosed()).isFalse();
        alice.close();
        assertThat(aliceIo.isClosed()).isTrue();
        assertThatThrownBy(() -> cache.acquire(ALICE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknownImplementationFailsWithoutPrintingProperties() {
        try (FileIoCache cache = new FileIoCache(1)) {
            assertThatThrownBy(() -> cache.acquire(Map.of("io-impl", "com.example.Missing", "token", "hunter2")))
                    .isInstanceOf(SqeException.class)
                    .hasMessageContaining("com.example.Missing")
                    .hasMessageNotContaining("hunter2")
                    .extracting(e -> ((SqeException) e).errorCode())
                    .isEqualTo(ErrorCode.STORAGE_ERROR);
            assertThat(cache.size()).isZero();
        }
    }
}
