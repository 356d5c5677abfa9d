package dev.d1export.spi;

/**
 * A provider that needs credentials found none. The message says what to set (e.g. {@code CLOUDFLARE_API_TOKEN}); test tooling may skip rather than fail on it.
 */
public class MissingCredentialsException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     */
    public MissingCredentialsException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public MissingCredentialsException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with server details.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public MissingCredentialsException(String message, Throwable cause, ErrorDetails details) {
        super(message, cause, details);
    }
}
