package dev.d1export.junit.internal;

/** What a snapshot does when a table it names matches nothing in the database. */
public enum UnmatchedTablesMode {
    /** Fail the tests that need it, naming the table. */
    FAIL,
    /** Log a warning and go on with the snapshot as D1 gives it. */
    WARN;
}
