package io.sqe.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Runs statements on a connection and prints their results, or one error line each. */
final class StatementRunner {
    private static final Set<String> ROW_COUNT_STATEMENTS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");

    private final ServerConnection connection;
    private final OutputFormat format;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean debug;
    private final String host;
    private final int port;

    StatementRunner(ServerConnection connection, OutputFormat format, PrintWriter out, PrintWriter err, boolean debug,
            String host, int port) {
        this.connection = requireNonNull(connection, "connection is null");
        this.format = requireNonNull(format, "format is null");
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.debug = debug;
        this.host = requireNonNull(host, "host is null");
        this.port = port;
    }

    /** Runs one statement; returns false when it failed (the error is already printed). */
    boolean run(String sql) {
        try {
            Optional<Long> updateCount = connection.execute(sql, format.printer(out));
            updateCount.ifPresent(count -> out.println(updateMessage(sql, count)));
            out.flush();
            return true;
        } catch (Exception e) {
            out.flush();
            printError(err, e, debug, host, port);
            return false;
        }
    }

    ServerConnection connection() {
        return connection;
    }

    static void printError(PrintWriter err, Throwable failure, boolean debug, String host, int port) {
        err.println("Error: " + ErrorMessages.describe(failure, host, port));
        if (debug) {
            failure.printStackTrace(err);
        }
        err.flush();
    }

    /** {@code OK (3 rows affected)} for data changes (CREATE TABLE AS included), {@code OK} for everything else. */
    static String updateMessage(String sql, long count) {
        if (ROW_COUNT_STATEMENTS.contains(firstKeyword(sql)) || count > 0) {
            return "OK (" + count + (count == 1 ? " row" : " rows") + " affected)";
        }
        return "OK";
    }

    private static String firstKeyword(String sql) {
        String text = sql.strip();
        while (text.startsWith("--") || text.startsWith("/*")) {
            int end = text.startsWith("--") ? text.indexOf('\n') : text.indexOf("*/");
            if (end < 0) {
                return "";
            }
            text = text.substring(end + (text.startsWith("--") ? 1 : 2)).strip();
        }
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end).toUpperCase(Locale.ROOT);
    }
}
