package dev.d1export.cli.internal;

/** {@code --unmatched-tables}: what a {@code --table} that names nothing in the database does. */
public enum UnmatchedTablesMode {
    /** As D1 does: the dump has nothing for it; a warning and the summary name it, and the exit code is 0. */
    WARN,
    /** The export is refused before it starts (exit code 2), and nothing is written. */
    FAIL
}
