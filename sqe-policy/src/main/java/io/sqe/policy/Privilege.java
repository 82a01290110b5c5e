package io.sqe.policy;

import java.util.Locale;

/** What a user wants to do with a catalog, schema or table. */
public enum Privilege {
    /** Read rows: SELECT, and the source side of INSERT ... SELECT. */
    SELECT,
    /** Write rows into a table. */
    INSERT,
    /** Create a schema or a table. */
    CREATE,
    /** Drop a schema or a table. */
    DROP;

    /** The name used in rules files: {@code select}, {@code insert}, {@code create}, {@code drop}. */
    public String ruleName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
