package dev.d1export.spi;

/**
 * An {@link ExportRequest} is invalid, e.g. a blank or duplicate table name, or {@code noData} with {@code noSchema}.
 */
public class InvalidExportRequestException extends ExportConfigurationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     */
    public InvalidExportRequestException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public InvalidExportRequestException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with server details.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public InvalidExportRequestException(String message, Throwable cause, ErrorDetails details) {
        super(message, cause, details);
    }
}
