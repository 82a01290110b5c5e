package io.sqe.cli;

import java.io.PrintWriter;

/** How the CLI prints result sets. */
public enum OutputFormat {
    /** Aligned columns with a header, for people. */
    TABLE,
    /** RFC 4180 comma-separated values with a header line. */
    CSV,
    /** Tab-separated values with a header line; tab, newline and backslash escaped, NULL as {@code \N}. */
    TSV,
    /** One JSON object per row (JSON Lines). */
    JSON;

    public ResultPrinter printer(PrintWriter out) {
        return switch (this) {
            case TABLE -> new TablePrinter(out);
            case CSV -> DelimitedPrinter.csv(out);
            case TSV -> DelimitedPrinter.tsv(out);
            case JSON -> new JsonPrinter(out);
        };
    }
}
