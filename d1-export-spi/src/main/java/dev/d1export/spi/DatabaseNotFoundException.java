package dev.d1export.spi;

/**
 * The database or file does not exist (HTTP 404, D1 code 7404; also when the database is deleted while it is
 * exported), a name matched no database or several (then {@link #details()} holds no HTTP status, since the list call
 * itself succeeded), or a local file is not a SQLite database. An account id that is wrong is a
 * {@link PermissionDeniedException} (Cloudflare answers 403, code 7403).
 */
public class DatabaseNotFoundException extends D1ExportException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     */
    public DatabaseNotFoundException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public DatabaseNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with server details.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public DatabaseNotFoundException(String message, Throwable cause, ErrorDetails details) {
        super(message, cause, details);
    }
}
