package dev.d1export.http;

import dev.d1export.spi.ExportOption;
import java.time.Duration;
import java.util.List;

/**
 * The options of the {@code cloudflare} provider, set as properties of {@link dev.d1export.spi.ExportOptions} (secrets)
 * or as URL query parameters (everything else), e.g.
 * {@code d1:cloudflare://<account>/<database>?timeout=30m&max-poll-interval=2s}.
 *
 * <p>Credentials come from {@link #API_TOKEN} (sent as {@code Authorization: Bearer}), else {@link #API_KEY} with
 * {@link #EMAIL} (the legacy {@code X-Auth-Key}/{@code X-Auth-Email} scheme), else the environment variables
 * {@code CLOUDFLARE_API_TOKEN}, or {@code CLOUDFLARE_EMAIL} with {@code CLOUDFLARE_API_KEY}.
 */
public final class CloudflareOptions {

    /** An API token (secret), sent as {@code Authorization: Bearer}. Falls back to {@code CLOUDFLARE_API_TOKEN}. */
    public static final ExportOption<String> API_TOKEN = ExportOption.secret("api-token");

    /** A global API key (secret), sent as {@code X-Auth-Key} with {@link #EMAIL}. Falls back to {@code CLOUDFLARE_API_KEY}. */
    public static final ExportOption<String> API_KEY = ExportOption.secret("api-key");

    /** The account e-mail that goes with {@link #API_KEY}. Falls back to {@code CLOUDFLARE_EMAIL}. */
    public static final ExportOption<String> EMAIL = ExportOption.string("email");

    /**
     * The account id, for URLs without one ({@code d1:cloudflare:<database>}). Falls back to
     * {@code CLOUDFLARE_ACCOUNT_ID}.
     */
    public static final ExportOption<String> ACCOUNT_ID = ExportOption.string("account-id");

    /**
     * The API's base URL. Falls back to {@code CLOUDFLARE_API_BASE_URL}, then {@value #DEFAULT_BASE_URL}. Must be
     * {@code https}, or {@code http} on a loopback host.
     */
    public static final ExportOption<String> BASE_URL = ExportOption.string("base-url");

    /**
     * The shortest gap between the starts of two calls to the export endpoint (two polls, and a retry of the first
     * call or of a poll and the attempt before it); default {@code 500ms}, at most {@code 24h}.
     */
    public static final ExportOption<Duration> MIN_POLL_INTERVAL = ExportOption.duration("min-poll-interval");

    /**
     * The longest gap between the starts of two polls, which the gap grows to while the export runs; default
     * {@code 3s}, at most {@code 24h}. It also caps the wait before retrying a failed poll, even when the server's
     * {@code Retry-After} asks for longer: a longer silence could make the server cancel the export as abandoned.
     */
    public static final ExportOption<Duration> MAX_POLL_INTERVAL = ExportOption.duration("max-poll-interval");

    /** How much the gap between polls grows after each poll, a decimal number from 1 to 10; default {@code 1.5}. */
    public static final ExportOption<Double> POLL_INTERVAL_GROWTH = ExportOption.decimal("poll-interval-growth");

    /** How long a whole export may take when the request sets no timeout; default {@code 1h}, at most {@code 30d}. */
    public static final ExportOption<Duration> TIMEOUT = ExportOption.duration("timeout");

    /** How long one HTTP call may wait for its answer's headers; default {@code 60s}, at most {@code 24h}. */
    public static final ExportOption<Duration> REQUEST_TIMEOUT = ExportOption.duration("request-timeout");

    /**
     * How long connecting may take (only for the provider's own HTTP client); default {@code 30s}, at most
     * {@code 24h}.
     */
    public static final ExportOption<Duration> CONNECT_TIMEOUT = ExportOption.duration("connect-timeout");

    /**
     * How many times one API call is retried after a transient failure; default {@code 4}, from {@code 0} to
     * {@code 100}.
     */
    public static final ExportOption<Long> MAX_RETRIES = ExportOption.number("max-retries");

    /**
     * The first retry delay, doubled on each retry, when the server names none; default {@code 500ms}, at most
     * {@code 24h}.
     */
    public static final ExportOption<Duration> RETRY_BASE_DELAY = ExportOption.duration("retry-base-delay");

    /**
     * The cap of the doubling retry delay; default {@code 8s}, at most {@code 24h}. A server's {@code Retry-After} is
     * honoured in full, except before retrying a poll of a running export, where every wait is capped at
     * {@link #MAX_POLL_INTERVAL}.
     */
    public static final ExportOption<Duration> RETRY_MAX_DELAY = ExportOption.duration("retry-max-delay");

    /**
     * How many times a broken, truncated or transiently failing download is retried, each retry resuming where the
     * last stopped when the object store allows it ({@code Range} with {@code If-Range}); default {@code 3}, from
     * {@code 0} to {@code 100}.
     */
    public static final ExportOption<Long> DOWNLOAD_RETRIES = ExportOption.number("download-retries");

    /**
     * The lowest download speed, in bytes per second, that the dump's body may keep up over
     * {@link #DOWNLOAD_MIN_SPEED_TIME} (as curl's {@code --speed-limit}); default {@code 1024}, at most
     * {@code 1073741824} (1 GiB/s), {@code 0} turns the check off. Measured in consecutive windows of waiting for
     * the body from its start (or a resumed part's; time spent writing to a slow output never counts): when a window
     * ends with fewer bytes than this speed times the window, the connection is closed and the download is retried
     * as a broken one ({@link #DOWNLOAD_RETRIES}, resuming where it stopped). It stops a server that trickles bytes, each soon enough for {@link #REQUEST_TIMEOUT}.
     */
    public static final ExportOption<Long> DOWNLOAD_MIN_SPEED = ExportOption.number("download-min-speed");

    /**
     * The window over which {@link #DOWNLOAD_MIN_SPEED} is measured (as curl's {@code --speed-time}); default
     * {@code 60s}, at most {@code 24h}.
     */
    public static final ExportOption<Duration> DOWNLOAD_MIN_SPEED_TIME = ExportOption.duration("download-min-speed-time");

    /** The default base URL of the Cloudflare API. */
    public static final String DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

    /** Environment variable holding the account id. */
    public static final String ENV_ACCOUNT_ID = "CLOUDFLARE_ACCOUNT_ID";

    /** Environment variable holding an API token. */
    public static final String ENV_API_TOKEN = "CLOUDFLARE_API_TOKEN";

    /** Environment variable holding the e-mail for a global API key. */
    public static final String ENV_EMAIL = "CLOUDFLARE_EMAIL";

    /** Environment variable holding a global API key. */
    public static final String ENV_API_KEY = "CLOUDFLARE_API_KEY";

    /** Environment variable holding the API's base URL. */
    public static final String ENV_API_BASE_URL = "CLOUDFLARE_API_BASE_URL";

    private static final List<ExportOption<?>> ALL = List.of(API_TOKEN, API_KEY, EMAIL, ACCOUNT_ID, BASE_URL,
            MIN_POLL_INTERVAL, MAX_POLL_INTERVAL, POLL_INTERVAL_GROWTH, TIMEOUT, REQUEST_TIMEOUT, CONNECT_TIMEOUT,
            MAX_RETRIES, RETRY_BASE_DELAY, RETRY_MAX_DELAY, DOWNLOAD_RETRIES, DOWNLOAD_MIN_SPEED,
            DOWNLOAD_MIN_SPEED_TIME);

    private CloudflareOptions() {
    }

    /**
     * Every option of the provider.
     *
     * @return the options, in a stable order
     */
    public static List<ExportOption<?>> all() {
        return ALL;
    }
}
