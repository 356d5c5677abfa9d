package dev.d1export.junit.internal;

/** What a test that needs a snapshot does when the provider has no credentials. */
public enum MissingCredentialsMode {
    /** Skip the test (aborted), saying what to set. */
    SKIP,
    /** Fail the test. */
    FAIL;
}
