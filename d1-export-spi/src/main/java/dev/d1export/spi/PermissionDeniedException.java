package dev.d1export.spi;

/**
 * The credentials are valid but may not export this database, or may not use the account (HTTP 403; code 7403 for an
 * account id that is wrong or not the credentials'); or a local database file (or a folder on its path) that this user
 * may not read. An output file that may not be written is a {@link DestinationException}.
 */
public class PermissionDeniedException extends D1ExportException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     */
    public PermissionDeniedException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public PermissionDeniedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with server details.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public PermissionDeniedException(String message, Throwable cause, ErrorDetails details) {
        super(message, cause, details);
    }
}
