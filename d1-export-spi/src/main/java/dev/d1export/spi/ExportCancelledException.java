package dev.d1export.spi;

/**
 * The export was cancelled (its thread was interrupted or its future cancelled); the partial dump was removed (a
 * {@linkplain ExportDestination#stream(java.io.OutputStream) stream destination} may hold part of it).
 */
public class ExportCancelledException extends D1ExportException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     */
    public ExportCancelledException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public ExportCancelledException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with server details.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public ExportCancelledException(String message, Throwable cause, ErrorDetails details) {
        super(message, cause, details);
    }
}
