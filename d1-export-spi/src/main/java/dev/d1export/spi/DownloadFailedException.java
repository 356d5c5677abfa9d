package dev.d1export.spi;

/**
 * The finished dump could not be downloaded completely (bad status, broken connection, truncated body) after the
 * allowed retries. No file was left behind and a previous file is untouched; a
 * {@linkplain ExportDestination#stream(java.io.OutputStream) stream destination} may hold part of the dump.
 */
public class DownloadFailedException extends D1ExportException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     */
    public DownloadFailedException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public DownloadFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with server details.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public DownloadFailedException(String message, Throwable cause, ErrorDetails details) {
        super(message, cause, details);
    }
}
