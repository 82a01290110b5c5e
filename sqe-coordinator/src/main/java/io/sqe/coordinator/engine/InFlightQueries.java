package io.sqe.coordinator.engine;

import io.sqe.core.error.ErrorCode;
import io.sqe.core.error.SqeException;
import java.time.Duration;

/**
 * The executions running now, and the drain at shutdown: once {@link #drain} starts, new statements are refused
 * with {@code SERVER_SHUTTING_DOWN} while those already running may finish, for at most the drain's time bound.
 * An execution runs from its start until its result stream is closed (read to the end, failed or cancelled).
 * Thread-safe.
 */
final class InFlightQueries {
    private int running;
    private boolean draining;

    /** @throws SqeException {@code SERVER_SHUTTING_DOWN} once the drain has started */
    synchronized void checkOpen() {
        if (draining) {
            throw new SqeException(ErrorCode.SERVER_SHUTTING_DOWN, "the server is shutting down and takes no new"
                    + " statements; run the statement again on another coordinator or once this one is back");
        }
    }

    /** Counts an execution that starts now; see {@link #checkOpen}. */
    synchronized void enter() {
        checkOpen();
        running++;
    }

    /** Ends an execution counted by {@link #enter}. */
    synchronized void exit() {
        running--;
        if (running == 0) {
            notifyAll();
        }
    }

    synchronized int running() {
        return running;
    }

    synchronized boolean accepting() {
        return !draining;
    }

    /**
     * Refuses new statements from now on, then waits until no execution runs or {@code timeout} has passed.
     *
     * @return the executions still running when the wait ended
     */
    synchronized int drain(Duration timeout) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000), 0);
        }
        return running;
    }
}
