package dev.d1export.spi;

/**
 * The server answered with something the export protocol does not allow: malformed JSON, missing fields, an unexpected status or redirect.
 */
public class ProtocolViolationException extends D1ExportException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     */
    public ProtocolViolationException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with server details.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public ProtocolViolationException(String message, Throwable cause, ErrorDetails details) {
        super(message, cause, details);
    }
}
