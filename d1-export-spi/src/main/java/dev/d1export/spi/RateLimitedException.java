package dev.d1export.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * The API refused the call because of its rate limit (HTTP 429), and the retry budget is spent.
 * Cloudflare allows 1200 API requests per five minutes per user, across all tools.
 */
public class RateLimitedException extends D1ExportException {

    private static final long serialVersionUID = 1L;

    /** @serial how long the API asked to wait, or null. */
    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param message    what failed
     * @param retryAfter how long the server asked us to wait, may be {@code null}
     * @param details    status, codes, ray id and hint
     */
    public RateLimitedException(String message, Duration retryAfter, ErrorDetails details) {
        super(message, null, details);
        this.retryAfter = retryAfter;
    }

    /**
     * How long the server asked clients to wait ({@code Retry-After} / {@code retry-after-ms}).
     *
     * @return the wait, if the server said
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
