package dev.d1export.spi;

/**
 * An option has a bad value. The message names the option and, unless the option holds a secret, the value.
 */
public class InvalidOptionException extends ExportConfigurationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     */
    public InvalidOptionException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public InvalidOptionException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with server details.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public InvalidOptionException(String message, Throwable cause, ErrorDetails details) {
        super(message, cause, details);
    }
}
