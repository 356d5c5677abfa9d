package dev.d1export.junit.internal;

/** When snapshot files are deleted at the end of a run, like {@code @TempDir}'s cleanup modes. */
public enum CleanupMode {
    /** Always delete them. */
    ALWAYS,
    /** Delete them unless a test that used them failed. */
    ON_SUCCESS,
    /** Keep them. */
    NEVER;
}
