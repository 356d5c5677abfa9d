package dev.d1export.http.internal;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed call is tried again and after how long, as Cloudflare's own SDKs do: connection failures, 408, 429
 * and 5xx are transient; a server's {@code retry-after-ms} or {@code Retry-After} is honoured; otherwise the delay
 * doubles from a base up to a cap, less up to 25 % jitter so that clients that failed together do not retry together.
 * Immutable.
 *
 * @param maxRetries how many retries one call gets
 * @param baseDelay  the first delay
 * @param maxDelay   the cap of the doubling delay
 */
record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay) {

    /**
     * Whether an HTTP status is worth another try.
     *
     * @param status the status
     * @return {@code true} for 408, 429 and 5xx
     */
    static boolean isTransient(int status) {
        return status == 408 || status == 429 || (status >= 500 && status <= 599);
    }

    /** The longest wait a server's answer can ask for, as far as this client counts (a century). */
    static final Duration LONGEST_WAIT = Duration.ofDays(36_500);

    /**
     * The server's explicit decision, from the {@code x-should-retry} header the Cloudflare SDKs honour.
     *
     * @param headers the answer's headers
     * @return {@code true} or {@code false} when the server said so
     */
    static Optional<Boolean> serverSaysRetry(HttpHeaders headers) {
        return headers.firstValue("x-should-retry").map(v -> v.trim().toLowerCase(Locale.ROOT))
                .filter(v -> v.equals("true") || v.equals("false")).map(Boolean::valueOf);
    }

    /**
     * The delay the server asked for: {@code retry-after-ms} (milliseconds), else {@code Retry-After} (seconds or an
     * HTTP date).
     *
     * @param headers the answer's headers
     * @return the delay, if the server named a valid one
     */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                double ms = Double.parseDouble(millis.get().trim());
                if (ms >= 0 && !Double.isInfinite(ms)) {
                    return Optional.of(waitOf(ms * 1e6));
                }
            } catch (NumberFormatException e) {
                // Fall through to Retry-After.
            }
        }
        Optional<String> after = headers.firstValue("retry-after").map(String::trim);
        if (after.isEmpty()) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(after.get());
            return seconds >= 0 && !Double.isInfinite(seconds) ? Optional.of(waitOf(seconds * 1e9)) : Optional.empty();
        } catch (NumberFormatException e) {
            return httpDate(after.get()).map(when -> {
                Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return wait.isNegative() ? Duration.ZERO : wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
            });
        }
    }

    /**
     * An HTTP-date in any of the three forms RFC 9110 (section 5.6.7) says a recipient must accept: IMF-fixdate
     * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850 form ({@code Sunday, 06-Nov-94 08:49:37 GMT},
     * whose two-digit year is the latest one not more than 50 years ahead) and asctime's
     * ({@code Sun Nov  6 08:49:37 1994}, in UTC).
     */
    static Optional<ZonedDateTime> httpDate(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException notImfFixdate) {
            // One of the obsolete forms, below.
        }
        LocalDate base = LocalDate.now(ZoneOffset.UTC).minusYears(49);
        DateTimeFormatter rfc850 = new DateTimeFormatterBuilder().parseCaseInsensitive()
                .appendPattern("EEEE, dd-MMM-").appendValueReduced(ChronoField.YEAR, 2, 2, base)
                .appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.US).withZone(ZoneOffset.UTC);
        DateTimeFormatter asctime = new DateTimeFormatterBuilder().parseCaseInsensitive()
                .appendPattern("EEE MMM ppd HH:mm:ss yyyy").toFormatter(Locale.US).withZone(ZoneOffset.UTC);
        for (DateTimeFormatter form : List.of(rfc850, asctime)) {
            try {
                return Optional.of(ZonedDateTime.parse(text, form));
            } catch (DateTimeParseException notThisForm) {
                // The next form.
            }
        }
        return Optional.empty();
    }

    /**
     * A wait of this many nanoseconds; any length a server names is kept (a day's wait is as real as a date a day
     * ahead, and the deadline then decides), up to {@link #LONGEST_WAIT}, past which the nanosecond arithmetic of
     * pacing and deadlines would overflow.
     */
    private static Duration waitOf(double nanos) {
        return nanos >= LONGEST_WAIT.toNanos() ? LONGEST_WAIT : Duration.ofNanos((long) nanos);
    }

    /**
     * The delay before a retry when the server named none.
     *
     * @param retry the retry's number, from 1
     * @return {@code min(base * 2^(retry-1), cap)} less up to 25 % jitter
     */
    Duration backoff(int retry) {
        long base = baseDelay.toNanos();
        long cap = maxDelay.toNanos();
        int doublings = retry - 1;
        // Compared before shifting: a shifted base can wrap around to any value, zero included. Past 62 doublings
        // even 1 ns is over any cap (and a shift by 64 or more would start again from the base).
        long delay = doublings >= 63 || base > (cap >> doublings) ? cap : base << doublings;
        double jitter = 1 - 0.25 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos((long) (delay * jitter));
    }
}
