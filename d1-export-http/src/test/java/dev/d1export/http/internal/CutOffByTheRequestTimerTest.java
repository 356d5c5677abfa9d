package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.d1export.spi.DownloadFailedException;
import dev.d1export.spi.ExportDestination;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two facts that tell a body cut off by java.net.http's request timer from one the server or the network broke
 * ({@link ApiClient#cutOffByTheRequestTimer}), each needed: the head came when the request's limit had run out but
 * for the millisecond the timer may fire early, and the JDK closed the connection itself. The failures are built here
 * as java.net.http words them (see {@code AnswerCutOffByTheRequestTimerTest} for the real one, over HTTP, of an API
 * call); a download through the caller's client meets the same timer, here for real ({@link RequestTimerRace}).
 */
class CutOffByTheRequestTimerTest {

    @TempDir
    Path dir;

    @Test
    void aDownloadCutOffByItsOwnRequestTimerSaysNoAnswerWithinTheRequestTimeoutWhenTheRetriesRunOut()
            throws Exception {
        try (RequestTimerRace race = new RequestTimerRace("HTTP/1.1 200 OK\r\nContent-Length: 209\r\n\r\n")) {
            ExportOptions options = ExportOptions.parse("d1:cloudflare://0123456789abcdef0123456789abcdef/"
                    + "0f2e4c6a-1111-4222-8333-944455556666").mutate().secret("api-token", "tok-abcdef")
                    .option("base-url", race.server().url("/client/v4")).option("request-timeout", "300ms")
                    .option("download-retries", "1").build();
            CloudflareSettings settings = CloudflareSettings.from(options, name -> null, null);
            List<ExportEvent> events = new CopyOnWriteArrayList<>();
            // The caller's-client path (JdkDumpTransport): the exporter's own connection keeps its own time.
            DumpDownloader downloader = new DumpDownloader(settings, new JdkDumpTransport(race.client()),
                    new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1)), events::add,
                    new Deadline(Duration.ofMinutes(10), "the 'timeout' option", settings.source(), TimeSource.SYSTEM),
                    System.getLogger(CutOffByTheRequestTimerTest.class.getName()));

            Throwable thrown = catchThrowable(() -> downloader.download(race.server().url("/dump.sql?sig=s"),
                    "x.sql", ExportDestination.file(dir.resolve("x.sql"))));

            // Not "... failed after 2 attempts: IOException: fixed content-length: 209, bytes received: 0".
            assertThat(thrown).isInstanceOf(DownloadFailedException.class).hasMessageStartingWith("Download of the"
                    + " dump from http://127.0.0.1 failed after 2 attempts: no answer within 300ms")
                    .hasMessageNotContaining("content-length");
            assertThat(events).filteredOn(ExportEvent.Retry.class::isInstance).singleElement()
                    .satisfies(retry -> assertThat(((ExportEvent.Retry) retry).reason())
                            .isEqualTo("download: no answer within 300ms"));
            assertThat(race.server().requests()).hasSize(2);
            assertThat(race.heldHeads()).isEqualTo(2);
        }
        assertThat(dir.resolve("x.sql")).doesNotExist();
    }

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
