package dev.d1export.junit;

/**
 * A snapshot that a test needs could not be exported (or its provider had no credentials and
 * {@value D1Snapshot#MISSING_CREDENTIALS_PROPERTY_NAME} is {@code fail}). The cause is the provider's error; the
 * message names the snapshot and never holds a secret. Every test that needs the snapshot fails with it.
 */
public class D1SnapshotException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which snapshot failed and why, without secrets
     * @param cause   the provider's error
     */
    public D1SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
