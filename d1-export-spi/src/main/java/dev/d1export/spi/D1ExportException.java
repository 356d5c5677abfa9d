package dev.d1export.spi;

import java.util.Objects;

/**
 * The root of every error d1-export throws. Unchecked. Its message and {@link #details()} carry what an operator
 * needs (HTTP status, API error codes, {@code cf-ray}, a hint) and never a secret.
 *
 * <p>Subclasses name the failure family, so callers catch what they can act on:
 * {@link ExportConfigurationException} (bad URL, option or request), {@link ProviderNotFoundException},
 * {@link AuthenticationException}, {@link PermissionDeniedException}, {@link DatabaseNotFoundException},
 * {@link RateLimitedException}, {@link ExportFailedException}, {@link ExportBusyException},
 * {@link ExportTimeoutException}, {@link DownloadFailedException}, {@link ProtocolViolationException},
 * {@link ExportCancelledException} and {@link DestinationException}. Other API failures are thrown as this class.
 */
public class D1ExportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorDetails details;
    /** @serial the one-line message, without secrets. */
    private final String summary;

    /**
     * Creates an exception.
     *
     * @param message what failed, without secrets
     */
    public D1ExportException(String message) {
        this(message, null, ErrorDetails.none());
    }

    /**
     * Creates an exception.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     */
    public D1ExportException(String message, Throwable cause) {
        this(message, cause, ErrorDetails.none());
    }

    /**
     * Creates an exception with server details; the message is followed by them.
     *
     * @param message what failed, without secrets
     * @param cause   the underlying failure, may be {@code null}
     * @param details status, codes, ray id and hint
     */
    public D1ExportException(String message, Throwable cause, ErrorDetails details) {
        super(Objects.requireNonNull(message, "message") + Objects.requireNonNull(details, "details").describe(), cause);
        this.details = details;
        this.summary = message;
    }

    /**
     * Status, API codes, {@code cf-ray} and hint of the failure.
     *
     * @return the details; {@link ErrorDetails#none()} when there are none
     */
    public ErrorDetails details() {
        return details == null ? ErrorDetails.none() : details;
    }

    /**
     * The message without the details suffix: one line for a user.
     *
     * @return the short message
     */
    public String summary() {
        return summary;
    }
}
