package dev.d1export.spi;

/**
 * Another export of the same database is running ("Currently processing a long-running export", or HTTP 409); try
 * again when it has finished. For a local database: another connection holds it locked (a writer in rollback-journal
 * mode) past the provider's wait.
 */
public class ExportBusyException extends D1ExportException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     */
    public ExportBusyException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public ExportBusyException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with server details.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public ExportBusyException(String message, Throwable cause, ErrorDetails details) {
        super(message, cause, details);
    }
}
