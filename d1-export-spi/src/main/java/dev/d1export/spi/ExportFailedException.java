package dev.d1export.spi;

/**
 * The export ran and failed: the server (or the local dump routine) reported an error, given in the message; or the
 * API refused a call with a 4xx status that no other type of this package stands for (400, 422, ...).
 */
public class ExportFailedException extends D1ExportException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     */
    public ExportFailedException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public ExportFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with server details.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public ExportFailedException(String message, Throwable cause, ErrorDetails details) {
        super(message, cause, details);
    }
}
