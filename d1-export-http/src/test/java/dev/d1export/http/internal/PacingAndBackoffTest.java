package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arithmetic of pacing and backoff: the growing poll gap, the capped jittered backoff, Retry-After parsing. */
class PacingAndBackoffTest {

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        values.forEach((k, v) -> map.put(k, List.of(v)));
        return HttpHeaders.of(map, (a, b) -> true);
    }

    @Test
    void theGapBetweenPollsGrowsFromTheMinimumToTheCap() {
        PollPacer pacer = new PollPacer(Duration.ofMillis(100), Duration.ofMillis(350), 2);

        assertThat(pacer.nextDelay(Duration.ZERO)).isEqualTo(Duration.ofMillis(100));
        assertThat(pacer.nextDelay(Duration.ZERO)).isEqualTo(Duration.ofMillis(200));
        assertThat(pacer.nextDelay(Duration.ZERO)).isEqualTo(Duration.ofMillis(350));
        assertThat(pacer.nextDelay(Duration.ZERO)).isEqualTo(Duration.ofMillis(350));
    }

    @Test
    void aSlowAnswerCountsTowardsTheGap() {
        PollPacer pacer = new PollPacer(Duration.ofMillis(500), Duration.ofSeconds(3), 1.5);

        assertThat(pacer.nextDelay(Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(300));
        assertThat(pacer.nextDelay(Duration.ofSeconds(10))).isEqualTo(Duration.ZERO);
    }

    @Test
    void backoffDoublesUpToTheCapLessAtMostAQuarter() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8));
        for (int i = 0; i < 50; i++) {
            assertThat(policy.backoff(1)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
            assertThat(policy.backoff(2)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
            assertThat(policy.backoff(5)).isBetween(Duration.ofMillis(6000), Duration.ofMillis(8000));
            assertThat(policy.backoff(40)).isBetween(Duration.ofMillis(6000), Duration.ofMillis(8000));
        }
    }

    @Test
    void aLongBaseDelayDoubledManyTimesStaysAtTheCapInsteadOfWrappingAround() {
        // 2^35 ns doubled 29 times is 2^64, which a shift turns into 0: a retry without any wait.
        RetryPolicy policy = new RetryPolicy(100, Duration.ofNanos(1L << 35), Duration.ofHours(24));
        for (int retry = 1; retry <= 100; retry++) {
            Duration expected = retry > 12 ? Duration.ofHours(24) : Duration.ofNanos((1L << 35) << (retry - 1));
            assertThat(policy.backoff(retry)).as("retry " + retry)
                    .isBetween(Duration.ofNanos(expected.toNanos() * 3 / 4), expected);
        }
    }

    /**
     * A base delay so short that 30 doublings stay under the cap keeps doubling past the 31st retry, as the javadoc's
     * {@code min(base * 2^(retry-1), cap)} says: with the longest cap (24 h), 50 µs doubled 30 times is 14.9 h, not
     * the cap; 1 ns reaches the cap only at its 48th retry.
     */
    @Test
    void aTinyBaseDelayKeepsDoublingPastThirtyRetriesUntilItReachesTheCap() {
        for (long base : new long[] {50_000, 1}) {
            RetryPolicy policy = new RetryPolicy(100, Duration.ofNanos(base), CloudflareSettings.MAX_WAIT);
            for (int retry = 1; retry <= 100; retry++) {
                long doubled = java.math.BigInteger.valueOf(base).shiftLeft(retry - 1)
                        .min(java.math.BigInteger.valueOf(CloudflareSettings.MAX_WAIT.toNanos())).longValueExact();
                assertThat(policy.backoff(retry)).as("base %d ns, retry %d", base, retry)
                        .isBetween(Duration.ofNanos(doubled * 3 / 4), Duration.ofNanos(doubled));
            }
        }
        RetryPolicy fifty = new RetryPolicy(100, Duration.ofNanos(50_000), CloudflareSettings.MAX_WAIT);
        assertThat(fifty.backoff(31)).isBetween(Duration.ofNanos(50_000L << 30).multipliedBy(3).dividedBy(4),
                Duration.ofNanos(50_000L << 30));
        assertThat(fifty.backoff(32)).isBetween(Duration.ofHours(18), CloudflareSettings.MAX_WAIT);
        RetryPolicy oneNano = new RetryPolicy(100, Duration.ofNanos(1), CloudflareSettings.MAX_WAIT);
        assertThat(oneNano.backoff(47)).isBetween(Duration.ofNanos((1L << 46) * 3 / 4), Duration.ofNanos(1L << 46));
        assertThat(oneNano.backoff(48)).isBetween(Duration.ofHours(18), CloudflareSettings.MAX_WAIT);
    }

    @Test
    void theLongestAllowedDurationsPaceWithoutOverflow() {
        PollPacer pacer = new PollPacer(CloudflareSettings.MAX_WAIT, CloudflareSettings.MAX_WAIT, 10);
        assertThat(pacer.nextDelay(Duration.ZERO)).isEqualTo(CloudflareSettings.MAX_WAIT);
        assertThat(pacer.nextDelay(Duration.ZERO)).isEqualTo(CloudflareSettings.MAX_WAIT);
        RetryPolicy policy = new RetryPolicy(100, CloudflareSettings.MAX_WAIT, CloudflareSettings.MAX_WAIT);
        assertThat(policy.backoff(100)).isBetween(Duration.ofHours(18), CloudflareSettings.MAX_WAIT);
    }

    @Test
    void transientStatusesAreTheSdkOnes() {
        assertThat(List.of(408, 429, 500, 502, 503, 504, 599)).allMatch(RetryPolicy::isTransient);
        assertThat(List.of(200, 301, 400, 401, 403, 404, 409, 422)).noneMatch(RetryPolicy::isTransient);
    }

    @Test
    void retryAfterIsReadInEveryForm() {
        assertThat(RetryPolicy.retryAfter(headers(Map.of("Retry-After", "7")))).contains(Duration.ofSeconds(7));
        assertThat(RetryPolicy.retryAfter(headers(Map.of("retry-after-ms", "1500.5"))))
                .contains(Duration.ofNanos(1_500_500_000L));
        assertThat(RetryPolicy.retryAfter(headers(Map.of("retry-after-ms", "250", "Retry-After", "9"))))
                .contains(Duration.ofMillis(250));
        assertThat(RetryPolicy.retryAfter(headers(Map.of("Retry-After", "soon")))).isEmpty();
        // Zero is a wait the server named: ask again at once, not after a backoff or the other header's wait.
        assertThat(RetryPolicy.retryAfter(headers(Map.of("Retry-After", "0")))).contains(Duration.ZERO);
        assertThat(RetryPolicy.retryAfter(headers(Map.of("retry-after-ms", "0", "Retry-After", "9"))))
                .contains(Duration.ZERO);
        // A long wait is a wait, whether in seconds or as a date: the deadline decides whether it can be kept.
        assertThat(RetryPolicy.retryAfter(headers(Map.of("Retry-After", "86400")))).contains(Duration.ofDays(1));
        assertThat(RetryPolicy.retryAfter(headers(Map.of("retry-after-ms", "172800000")))).contains(Duration.ofDays(2));
        assertThat(RetryPolicy.retryAfter(headers(Map.of("Retry-After", "1e30")))).contains(RetryPolicy.LONGEST_WAIT);
        String farAhead = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusYears(200));
        assertThat(RetryPolicy.retryAfter(headers(Map.of("Retry-After", farAhead)))).contains(RetryPolicy.LONGEST_WAIT);
        assertThat(RetryPolicy.retryAfter(headers(Map.of("Retry-After", "Infinity")))).isEmpty();
        assertThat(RetryPolicy.retryAfter(headers(Map.of("Retry-After", "-5")))).isEmpty();
        assertThat(RetryPolicy.retryAfter(headers(Map.of()))).isEmpty();
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
        assertThat(RetryPolicy.retryAfter(headers(Map.of("Retry-After", past)))).contains(Duration.ZERO);
        String future = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(5));
        assertThat(RetryPolicy.retryAfter(headers(Map.of("Retry-After", future))))
                .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5)));
        // The two obsolete HTTP-date forms, which RFC 9110 says a recipient must accept too.
        ZonedDateTime ahead = ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(5);
        for (String form : List.of("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", "EEE MMM ppd HH:mm:ss yyyy")) {
            String date = DateTimeFormatter.ofPattern(form, java.util.Locale.US).format(ahead);
            assertThat(RetryPolicy.retryAfter(headers(Map.of("Retry-After", date)))).as(date)
                    .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5)));
        }
    }

    @Test
    void httpDatesAreReadInTheirThreeForms() {
        ZonedDateTime rfcExample = ZonedDateTime.of(1994, 11, 6, 8, 49, 37, 0, ZoneOffset.UTC);
        assertThat(RetryPolicy.httpDate("Sun, 06 Nov 1994 08:49:37 GMT")).hasValueSatisfying(
                d -> assertThat(d.toInstant()).isEqualTo(rfcExample.toInstant()));
        assertThat(RetryPolicy.httpDate("Sunday, 06-Nov-94 08:49:37 GMT")).hasValueSatisfying(
                d -> assertThat(d.toInstant()).isEqualTo(rfcExample.toInstant()));
        assertThat(RetryPolicy.httpDate("Sun Nov  6 08:49:37 1994")).hasValueSatisfying(
                d -> assertThat(d.toInstant()).isEqualTo(rfcExample.toInstant()));
        assertThat(RetryPolicy.httpDate("Wed Nov 16 08:49:37 1994")).isPresent(); // two-digit day, no pad
        assertThat(RetryPolicy.httpDate("6 Nov 1994")).isEmpty();
    }

    @Test
    void theServerCanOverrideTheRetryDecision() {
        assertThat(RetryPolicy.serverSaysRetry(headers(Map.of("x-should-retry", "true")))).contains(true);
        assertThat(RetryPolicy.serverSaysRetry(headers(Map.of("x-should-retry", "FALSE")))).contains(false);
        assertThat(RetryPolicy.serverSaysRetry(headers(Map.of("x-should-retry", "maybe")))).isEmpty();
    }

    @Test
    void onlyLoopbackMayUsePlainHttp() {
        assertThat(List.of("localhost", "LocalHost", "127.0.0.1", "127.8.9.10", "127.255.255.255", "[::1]",
                "[0:0:0:0:0:0:0:1]")).allMatch(TransportSecurity::isLoopback);
        // Names under .localhost would need a resolver's word; v4-mapped, short or out-of-range forms are no
        // plain loopback literal.
        assertThat(List.of("example.com", "10.0.0.1", "localhost.example.com", "0.0.0.0", "127.0.0.1.nip.io",
                "api.localhost", "localhost.", "127.1", "127.0.0.256", "128.0.0.1", "[::ffff:127.0.0.1]", "[::2]",
                "[]", "[api.localhost]")).noneMatch(TransportSecurity::isLoopback);
    }
}
