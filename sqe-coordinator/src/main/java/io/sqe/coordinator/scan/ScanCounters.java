package io.sqe.coordinator.scan;

import io.sqe.core.engine.QueryCompletion;
import io.sqe.planner.ScanStatistics;
import java.util.concurrent.atomic.AtomicLong;

/** What the scans of one execution read; updated by the scan threads, read when the statement ends. */
public final class ScanCounters {
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong filesScanned = new AtomicLong();
    private final AtomicLong filesPruned = new AtomicLong();

    void addPlan(ScanStatistics statistics) {
        bytes.addAndGet(statistics.scannedDataBytes());
        filesScanned.addAndGet(statistics.scannedDataFiles());
        filesPruned.addAndGet(statistics.skippedDataFiles());
    }

    void addRows(long count) {
        rows.addAndGet(count);
    }

    public QueryCompletion.ScanCounts snapshot() {
        return new QueryCompletion.ScanCounts(rows.get(), bytes.get(), filesScanned.get(), filesPruned.get());
    }
}
