package io.sqe.planner;

/**
 * What scan planning pruned: how much of the table a query actually reads.
 *
 * @param totalDataFiles data files in the scanned snapshot (the files considered)
 * @param scannedDataFiles distinct data files left after pruning (the files read)
 * @param totalDataManifests data manifests in the snapshot
 * @param skippedDataManifests data manifests none of whose files are read (with the snapshot's files cached), or
 *     that Iceberg pruned by their partition summaries without opening them
 * @param totalFileBytes size of all files (data and delete) in the snapshot
 * @param scannedDataBytes size of the distinct data files left after pruning
 * @param deleteFiles distinct delete files that apply to the files read
 */
public record ScanStatistics(
        long totalDataFiles,
        long scannedDataFiles,
        long totalDataManifests,
        long skippedDataManifests,
        long totalFileBytes,
        long scannedDataBytes,
        long deleteFiles) {

    public static final ScanStatistics EMPTY = new ScanStatistics(0, 0, 0, 0, 0, 0, 0);

    public ScanStatistics {
        requireNonNegative(totalDataFiles, "totalDataFiles");
        requireNonNegative(scannedDataFiles, "scannedDataFiles");
        requireNonNegative(totalDataManifests, "totalDataManifests");
        requireNonNegative(skippedDataManifests, "skippedDataManifests");
        requireNonNegative(totalFileBytes, "totalFileBytes");
        requireNonNegative(scannedDataBytes, "scannedDataBytes");
        requireNonNegative(deleteFiles, "deleteFiles");
    }

    /** Data files that planning proved need not be read. */
    public long skippedDataFiles() {
        return Math.max(0, totalDataFiles - scannedDataFiles);
    }

    private static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " is negative: " + value);
        }
    }
}
