package io.sqe.coordinator.exec;

import static java.util.Objects.requireNonNull;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import org.apache.arrow.memory.AllocationReservation;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Charges the heap an operator holds (hash tables, sort buffers) to the query's Arrow allocator, so one memory limit
 * covers Arrow buffers and operator state alike. Grows by at least the missing bytes (Arrow rounds each step up to a
 * power of two); closing gives it all back.
 */
final class MemoryReservation implements AutoCloseable {
    private static final long SMALLEST_STEP = 16 << 10;

    private final BufferAllocator allocator;
    private final String queryId;
    private AllocationReservation reservation;
    private long reserved;

    MemoryReservation(BufferAllocator allocator, String queryId) {
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.queryId = requireNonNull(queryId, "queryId is null");
    }

    /** Makes sure {@code bytes} in all are reserved; fails the query when its limit does not allow it. */
    void ensure(long bytes) {
        while (reserved < bytes) {
            if (reservation == null) {
                reservation = allocator.newReservation();
            }
            long step = Long.highestOneBit(Math.max(SMALLEST_STEP, bytes - reserved) * 2 - 1);
            if (!reservation.add(step)) {
                throw new SqeException(ErrorCode.EXCEEDED_MEMORY_LIMIT, "Query " + queryId
                        + " exceeded its memory limit ([query] memory_limit) holding " + (bytes >> 20)
                        + " MiB of operator state; add filters, aggregate more, or raise the limit");
            }
            reserved += step;
        }
    }

    @Override
    public void close() {
        if (reservation != null) {
            reservation.close();
            reservation = null;
            reserved = 0;
        }
    }
}
