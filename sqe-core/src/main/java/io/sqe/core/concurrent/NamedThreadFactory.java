package io.sqe.core.concurrent;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named {@code prefix-N}. Threads that plan or run SQL get a large stack: Calcite's validator and
 * planner and the Janino compiler recurse over the statement tree, and a multi-thousand-row INSERT ... VALUES
 * overflows the default 1 MiB.
 */
public final class NamedThreadFactory implements ThreadFactory {
    /** Stack for threads that plan or execute statements. */
    public static final long QUERY_STACK_BYTES = 32L * 1024 * 1024;

    private final String prefix;
    private final long stackSizeBytes;
    private final AtomicInteger sequence = new AtomicInteger();

    public NamedThreadFactory(String prefix, long stackSizeBytes) {
        this.prefix = requireNonNull(prefix, "prefix is null");
        if (stackSizeBytes < 0) {
            throw new IllegalArgumentException("stackSizeBytes is negative");
        }
        this.stackSizeBytes = stackSizeBytes;
    }

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(null, runnable, prefix + "-" + sequence.incrementAndGet(), stackSizeBytes);
        thread.setDaemon(true);
        return thread;
    }
}
