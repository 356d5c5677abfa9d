package dev.d1export.spi;

/**
 * The credentials are missing ({@link MissingCredentialsException}), or the API refused them (HTTP 401, or Cloudflare
 * code 10000 with any status: a wrong, expired or revoked token). A credential with a character an HTTP header cannot
 * carry is an {@link InvalidOptionException} instead, raised before any call.
 */
public class AuthenticationException extends D1ExportException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     */
    public AuthenticationException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with server details.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public AuthenticationException(String message, Throwable cause, ErrorDetails details) {
        super(message, cause, details);
    }
}
