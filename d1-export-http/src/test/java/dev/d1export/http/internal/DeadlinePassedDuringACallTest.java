package dev.d1export.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.d1export.spi.ExportDestination;
import dev.d1export.spi.ExportOptions;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportTimeoutException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call whose own timeout was shorter than the time left, but that ran out after the deadline had passed (the
 * JDK's timer and the deadline's clock are read apart, so the two can disagree by a hair), ends as the export's
 * timeout, not as a call without an answer. The race is made certain here: the clock the deadline reads jumps past
 * it while the server holds the call.
 *
 * <p>The same for a call bounded by the deadline whose answer's head came just as the time ran out: java.net.http's
 * timer then closes the connection under the body, which fails as a plain {@code IOException} ("fixed content-length:
 * 209, bytes received: 0"), seen once in {@code CloudflareProviderContractTest.contractTimesOutWithATypedError}. A
 * download through the JDK client meets the same timer.
 */
class DeadlinePassedDuringACallTest {

    @TempDir
    Path dir;

    /** A clock that moves only when told (or slept on), and counts its readings. */
    private static final class SteppedTime implements TimeSource {
        private final AtomicLong now = new AtomicLong(1_000_000_000L);
        private final AtomicInteger readings = new AtomicInteger();

        void advance(Duration by) {
            now.addAndGet(by.toNanos());
        }

        /**
         * Waits until the clock is read after {@code seen} readings: a server that has sent an answer's head knows
         * then that the client has the head and has set the body's limit, which must come before the deadline
         * passes for the body's failure, not that limit, to be what ends the call.
         */
        void awaitReadingAfter(int seen) throws InterruptedException {
            for (int i = 0; i < 10_000 && readings.get() <= seen; i++) {
                Thread.sleep(1);
            }
        }

        int readings() {
            return readings.get();
        }

        /** Waits until the clock has been read {@code count} times in all. */
        void awaitReadings(int count) throws InterruptedException {
            for (int i = 0; i < 10_000 && readings.get() < count; i++) {
                Thread.sleep(1);
            }
        }

        @Override
        public long nanoTime() {
            readings.incrementAndGet();
            return now.get();
        }

        @Override
        public void sleep(Duration delay) {
            advance(delay);
        }
    }

    /**
     * Exports the test database from a scripted API within a 1 minute timeout read on the given clock, into
     * {@code x.sql}.
     *
     * @param api   the scripted API
     * @param time  the clock the deadline reads
     * @param more  the test's own options
     * @return what the export threw
     */
    private Throwable export(ScriptedServer api, SteppedTime time, UnaryOperator<ExportOptions.Builder> more) {
        ExportOptions options = more.apply(ExportOptions.parse("d1:cloudflare://0123456789abcdef0123456789abcdef/"
                + "0f2e4c6a-1111-4222-8333-944455556666").mutate().secret("api-token", "tok-abcdef")
                .option("base-url", api.url("/client/v4")).option("timeout", "1m")).build();
        try (CloudflareExporter exporter = new CloudflareExporter(CloudflareSettings.from(options, name -> null,
                null), time)) {
            return catchThrowable(() -> exporter.export(ExportRequest.builder()
                    .destination(dir.resolve("x.sql")).build()));
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
            Throwable thrown = export(api, time, options -> options.option("request-timeout", "300ms")
                    .option("max-retries", "0"));

            // Not "no answer within 300ms": that call's limit was its own, yet the export's time is up.
            assertThat(thrown).isInstanceOf(ExportTimeoutException.class).hasMessageStartingWith("Export of"
                    + " 0123456789abcdef0123456789abcdef/0f2e4c6a-1111-4222-8333-944455556666 did not finish within"
                    + " 1m (while ").hasMessageNotContaining("no answer within");
            assertThat(api.requests()).hasSize(1);
        }
        assertThat(dir.resolve("x.sql")).doesNotExist();
    }

    @Test
    void aPollWhoseBodyIsCutOffAsTheDeadlinePassesEndsAsTheExportsTimeout() throws Exception {
        SteppedTime time = new SteppedTime();
        String active = "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"status\":\"active\","
                + "\"at_bookmark\":\"b\"}}";
        AtomicInteger calls = new AtomicInteger();
        // The first call starts the export; the poll's head comes, then the deadline passes and the connection closes
        // before any byte of the body, as when the JDK's timer fires between the head and the body.
        try (ScriptedServer api = new ScriptedServer(out -> {
            if (calls.incrementAndGet() == 1) {
                out.write(ScriptedServer.ascii("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\n"
                        + "Connection: close\r\nContent-Length: " + active.length() + "\r\n\r\n" + active));
                return;
            }
            int seen = time.readings();
            out.write(ScriptedServer.ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 209\r\n\r\n"));
            out.flush();
            time.awaitReadingAfter(seen);
            time.advance(Duration.ofMinutes(1));
        })) {
            // request-timeout longer than the export's: every call's limit is what is left of the deadline.
            Throwable thrown = export(api, time, options -> options.option("request-timeout", "2m"));

            // Not "Cloudflare API failed polling ...: IOException: fixed content-length: 209, bytes received: 0".
            assertThat(thrown).isInstanceOf(ExportTimeoutException.class).hasMessageStartingWith("Export of"
                    + " 0123456789abcdef0123456789abcdef/0f2e4c6a-1111-4222-8333-944455556666 did not finish within"
                    + " 1m (while polling").hasMessageNotContaining("content-length");
            assertThat(api.requests()).hasSize(2);
        }
        assertThat(dir.resolve("x.sql")).doesNotExist();
    }

    @Test
    void aDownloadWhoseBodyIsCutOffAsTheDeadlinePassesEndsAsTheExportsTimeout() throws Exception {
        SteppedTime time = new SteppedTime();
        try (ScriptedServer store = new ScriptedServer(out -> {
            int seen = time.readings();
            out.write(ScriptedServer.ascii("HTTP/1.1 200 OK\r\nContent-Length: 209\r\n\r\n"));
            out.flush();
            time.awaitReadingAfter(seen);
            time.advance(Duration.ofMinutes(1));
        })) {
            ExportOptions options = ExportOptions.parse("d1:cloudflare://0123456789abcdef0123456789abcdef/"
                    + "0f2e4c6a-1111-4222-8333-944455556666").mutate().secret("api-token", "tok-abcdef")
                    .option("base-url", store.url("/client/v4")).option("request-timeout", "2m").build();
            CloudflareSettings settings = CloudflareSettings.from(options, name -> null, null);
            // The caller's-client path (JdkDumpTransport): the exporter's own connection keeps its own time.
            DumpDownloader downloader = new DumpDownloader(settings, new JdkDumpTransport(HttpClient.newHttpClient()),
                    new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)), event -> { },
                    new Deadline(Duration.ofMinutes(1), "the 'timeout' option", settings.source(), time),
                    System.getLogger(DeadlinePassedDuringACallTest.class.getName()));

            Throwable thrown = catchThrowable(() -> downloader.download(store.url("/dump.sql?sig=s"), "x.sql",
                    ExportDestination.file(dir.resolve("x.sql"))));

            // Not "Download of the dump from http://127.0.0.1 failed: IOException: fixed content-length: 209, ...".
            assertThat(thrown).isInstanceOf(ExportTimeoutException.class).hasMessageContaining("did not finish within"
                    + " 1m (while downloading the dump from ").hasMessageNotContaining("content-length");
            assertThat(store.requests()).hasSize(1);
        }
        assertThat(dir.resolve("x.sql")).doesNotExist();
    }

    /**
     * A body read whose wait was cut to what was left of the deadline, and that ran out while the deadline's clock
     * still showed a hair left. Over TLS this is every such wait: the socket's timeout is set in whole milliseconds,
     * rounded down, so it ends up to a millisecond before the deadline. Here the deadline's clock stands still
     * instead, 100 ms short of its end, while the store stays silent after the dump's first line.
     */
    @Test
    void aDownloadBodyWaitCutToTheDeadlinesRestEndsAsTheExportsTimeoutNotAsAStall() throws Exception {
        SteppedTime time = new SteppedTime();
        try (ScriptedServer store = new ScriptedServer(out -> {
            int seen = time.readings();
            out.write(ScriptedServer.ascii("HTTP/1.1 200 OK\r\nContent-Length: 209\r\n\r\n"));
            out.flush();
            // The client has the head (one reading) and has set the first body wait (another), at request-timeout.
            time.awaitReadings(seen + 2);
            time.advance(Duration.ofMinutes(1).minusMillis(100));
            out.write(ScriptedServer.ascii("PRAGMA defer_foreign_keys=TRUE;\n"));
            out.flush();
            Thread.sleep(30_000);
        })) {
            ExportOptions options = ExportOptions.parse("d1:cloudflare://0123456789abcdef0123456789abcdef/"
                    + "0f2e4c6a-1111-4222-8333-944455556666").mutate().secret("api-token", "tok-abcdef")
                    .option("base-url", store.url("/client/v4")).option("request-timeout", "5s").build();
            CloudflareSettings settings = CloudflareSettings.from(options, name -> null, null);
            // The exporter's own connection; a backoff longer than the 100 ms the clock shows left.
            DumpDownloader downloader = new DumpDownloader(settings,
                    new SocketDumpTransport(() -> null, Duration.ofSeconds(5), null, null),
                    new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1)), event -> { },
                    new Deadline(Duration.ofMinutes(1), "the 'timeout' option", settings.source(), time),
                    System.getLogger(DeadlinePassedDuringACallTest.class.getName()));

            Throwable thrown = catchThrowable(() -> downloader.download(store.url("/dump.sql?sig=s"), "x.sql",
                    ExportDestination.file(dir.resolve("x.sql"))));

            // Not "Download of the dump from http://127.0.0.1 failed: no data for 5s after 32 of 209 bytes; a retry
            // in 1s would come, longer than the export's time left": the store was silent for 100 ms, not 5 s.
            assertThat(thrown).isInstanceOf(ExportTimeoutException.class).hasMessageContaining("did not finish within"
                    + " 1m (while downloading the dump from http://127.0.0.1)").hasMessageNotContaining("no data");
            assertThat(store.requests()).hasSize(1);
        }
        assertThat(dir.resolve("x.sql")).doesNotExist();
        try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(dir)) {
            assertThat(left).as("no temporary file left").isEmpty();
        }
    }
}
