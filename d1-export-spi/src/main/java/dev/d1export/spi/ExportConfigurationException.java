package dev.d1export.spi;

/**
 * The export was asked for with a bad URL, option or request; nothing was sent or written. Fix the input and try again.
 */
public class ExportConfigurationException extends D1ExportException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     */
    public ExportConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public ExportConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with server details.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public ExportConfigurationException(String message, Throwable cause, ErrorDetails details) {
        super(message, cause, details);
    }
}
