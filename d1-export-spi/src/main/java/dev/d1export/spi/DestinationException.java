package dev.d1export.spi;

/**
 * The dump could not be written to its destination (missing folder, no permission, a read-only file it would replace,
 * disk full, or a destination that would destroy the data being exported, such as the SQLite file itself); a previous
 * file there is untouched.
 */
public class DestinationException extends D1ExportException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     */
    public DestinationException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public DestinationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with server details.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public DestinationException(String message, Throwable cause, ErrorDetails details) {
        super(message, cause, details);
    }
}
