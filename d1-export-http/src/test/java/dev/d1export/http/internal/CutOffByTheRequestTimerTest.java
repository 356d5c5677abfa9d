package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The two facts that tell a body cut off by java.net.http's request timer from one the server or the network broke
 * ({@link ApiClient#cutOffByTheRequestTimer}), each needed: the head came when the request's limit had run out but
 * for the millisecond the timer may fire early, and the JDK closed the connection itself. The failures are built here
 * as java.net.http words them (see {@code AnswerCutOffByTheRequestTimerTest} for the real one, over HTTP).
 */
class CutOffByTheRequestTimerTest {

    private static IOException cutOff(String why) {
        return new IOException("fixed content-length: 209, bytes received: 0", new IOException(why));
    }

    @Test
    void aHeadAtTheLimitAndAConnectionTheClientClosedIsTheTimer() {
        Duration limit = Duration.ofMillis(300);

        assertThat(ApiClient.cutOffByTheRequestTimer(cutOff("connection closed locally"), Duration.ofMillis(300),
                limit)).isTrue();
        // Up to a millisecond early, as the timer compares whole milliseconds; later, as the head may be handed over
        // late.
        assertThat(ApiClient.cutOffByTheRequestTimer(cutOff("connection closed locally"),
                Duration.ofNanos(299_000_000), limit)).isTrue();
        assertThat(ApiClient.cutOffByTheRequestTimer(cutOff("connection closed locally"), Duration.ofSeconds(2),
                limit)).isTrue();
    }

    @Test
    void aHeadBeforeTheLimitIsNoTimersDoingWhoeverClosedTheConnection() {
        assertThat(ApiClient.cutOffByTheRequestTimer(cutOff("connection closed locally"),
                Duration.ofNanos(298_999_999), Duration.ofMillis(300))).isFalse();
    }

    @Test
    void aConnectionTheServerClosedIsNoTimersDoingWhenTheHeadCameLate() {
        assertThat(ApiClient.cutOffByTheRequestTimer(cutOff("EOF reached while reading"), Duration.ofMillis(300),
                Duration.ofMillis(300))).isFalse();
        assertThat(ApiClient.cutOffByTheRequestTimer(new IOException("Connection reset"), Duration.ofMillis(300),
                Duration.ofMillis(300))).isFalse();
    }
}
