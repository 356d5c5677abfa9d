package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call whose own timeout was shorter than the time left, but that ran out after the deadline had passed (the
 * JDK's timer and the deadline's clock are read apart, so the two can disagree by a hair), ends as the export's
 * timeout, not as a call without an answer. The race is made certain here: the clock the deadline reads jumps past
 * it while the server holds the call.
 */
class DeadlinePassedDuringACallTest {

    @TempDir
    Path dir;

    /** A clock that moves only when told (or slept on). */
    private static final class SteppedTime implements TimeSource {
        private final AtomicLong now = new AtomicLong(1_000_000_000L);

        void advance(Duration by) {
            now.addAndGet(by.toNanos());
        }

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void sleep(Duration delay) {
            advance(delay);
        }
    }

    @Test
    void aCallThatTimesOutAfterTheDeadlinePassedEndsAsTheExportsTimeout() throws Exception {
        SteppedTime time = new SteppedTime();
        // The request's head has come: the clock reaches the deadline (nothing slept before; reaching it is passing
        // it) while the call waits, then no answer comes.
        try (ScriptedServer api = new ScriptedServer(out -> {
            time.advance(Duration.ofMinutes(1));
            Thread.sleep(30_000);
        })) {
            ExportOptions options = ExportOptions.parse("d1:cloudflare://0123456789abcdef0123456789abcdef/"
                    + "0f2e4c6a-1111-4222-8333-944455556666").mutate().secret("api-token", "tok-abcdef")
                    .option("base-url", api.url("/client/v4")).option("timeout", "1m")
                    .option("request-timeout", "300ms").option("max-retries", "0").build();
            Throwable thrown;
            try (CloudflareExporter exporter = new CloudflareExporter(CloudflareSettings.from(options, name -> null,
                    null), time)) {
                thrown = catchThrowable(() -> exporter.export(ExportRequest.builder()
                        .destination(dir.resolve("x.sql")).build()));
            }

            // Not "no answer within 300ms": that call's limit was its own, yet the export's time is up.
            assertThat(thrown).isInstanceOf(ExportTimeoutException.class).hasMessageStartingWith("Export of"
                    + " 0123456789abcdef0123456789abcdef/0f2e4c6a-1111-4222-8333-944455556666 did not finish within"
                    + " 1m (while ").hasMessageNotContaining("no answer within");
            assertThat(api.requests()).hasSize(1);
        }
        assertThat(dir.resolve("x.sql")).doesNotExist();
    }
}
