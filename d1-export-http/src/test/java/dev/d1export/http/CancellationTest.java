package dev.d1export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.d1export.http.internal.FakeTime;
import dev.d1export.spi.ExportCancelledException;
import dev.d1export.spi.ExportEvent;
import dev.d1export.spi.ExportListener;
import dev.d1export.spi.ExportRequest;
import dev.d1export.spi.ExportResult;
import dev.d1export.spi.ExportTimeoutException;
import dev.d1export.spi.Exporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The deadline, interruption and future cancellation: each ends the export with no file and the old file intact. */
class CancellationTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final CloudflareStub api = stub();

    /** The stub the cases run against: exporters on their own client; a subclass runs them on a caller's. */
    CloudflareStub stub() {
        return new CloudflareStub(wm);
    }

    @TempDir
    Path dir;

    @Test
    void anExportThatNeverFinishesEndsAtTheDeadline() throws Exception {
        api.stubCalls(CloudflareStub.active("Generating dump.sql"));
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");

        // A deadline long enough for several polls (5 to 40 ms apart) even when a loaded machine answers slowly:
        // the message's word on polling is tested only if the export was polled before the deadline.
        try (Exporter exporter = api.exporter()) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(out)
                    .timeout(Duration.ofSeconds(3)).build()))
                    .isInstanceOf(ExportTimeoutException.class)
                    .hasMessageContaining("within 3s").hasMessageContaining("active")
                    // The request's timeout wins over the option, so raising the option would change nothing.
                    .hasMessageContaining("; raise the request's timeout (").hasMessageNotContaining("'timeout' option")
                    // While polling, the server's side of it is worth knowing.
                    .hasMessageContaining(" (a Cloudflare export that is no longer polled is cancelled by the server).");
        }
        assertThat(api.exportCalls().size()).isGreaterThan(1);
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @Test
    void aDeadlineReachedDuringTheDownloadDoesNotSpeakOfPolling() throws Exception {
        // The export is complete on the server by then: nothing is polled any more, so nothing is cancelled for it.
        api.stubCalls(api.complete());
        // The call must be answered before the deadline even on a loaded machine, so that the deadline is met in
        // the download, which is held far longer.
        api.stubDownloads(CloudflareStub.dump().withFixedDelay(15_000));
        Path out = Files.writeString(dir.resolve("out.sql"), "previous dump");

        try (Exporter exporter = api.exporter()) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(out)
                    .timeout(Duration.ofSeconds(3)).build()))
                    .isInstanceOf(ExportTimeoutException.class)
                    .hasMessageContaining("within 3s (while downloading the dump from http://")
                    .hasMessageEndingWith("; raise the request's timeout.")
                    .hasMessageNotContaining("polled");
        }
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @Test
    void aConnectionThatCannotBeMadeBeforeTheDeadlineIsATimeout() throws Exception {
        // A loopback listener that never accepts: once its accept queue is full, further connects hang until the
        // call's timeout, which is cut to what is left of the deadline.
        try (java.net.ServerSocket full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    java.net.Socket filler = new java.net.Socket();
                    try {
                        filler.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(filler);
                    } catch (java.io.IOException queueFull) {
                        filler.close();
                        break;
                    }
                }
                String base = "http://127.0.0.1:" + full.getLocalPort() + "/client/v4";
                try (Exporter exporter = api.exporter(api.options().option("base-url", base)
                        .option("connect-timeout", "30s").build())) {
                    assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                            .timeout(Duration.ofMillis(500)).build()))
                            .isInstanceOf(ExportTimeoutException.class).hasMessageContaining("within 500ms")
                            // Nothing reached the server, so there is no export of its to speak of.
                            .hasMessageNotContaining("polled");
                }
            } finally {
                for (java.net.Socket filler : fillers) {
                    filler.close();
                }
            }
        }
        assertNoTempFiles();
    }

    @Test
    void theTimeoutOptionIsTheDefaultDeadline() {
        api.stubCalls(CloudflareStub.active());

        try (Exporter exporter = api.exporter(api.options().option("timeout", "300ms").build())) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                    .build())).isInstanceOf(ExportTimeoutException.class).hasMessageContaining("within 300ms")
                    .hasMessageContaining("; raise the 'timeout' option (");
        }
    }

    @Test
    void aSlowAnswerIsCutAtTheDeadline() {
        api.stubCalls(CloudflareStub.active().withFixedDelay(5_000));

        try (Exporter exporter = api.exporter()) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                    .timeout(Duration.ofMillis(300)).build())).isInstanceOf(ExportTimeoutException.class)
                    // Sent, with no answer yet: an export may have started, which is said, though not as a fact.
                    .hasMessageEndingWith(" (the call reached the server, so an export may have started there;"
                            + " Cloudflare cancels one that is no longer polled).");
        }
    }

    @Test
    void aPollCutAtTheDeadlineSaysWhatTheExportWasAndAfterHowManyCalls() {
        // The first call is answered at once; the first poll only long after the deadline.
        api.stubCalls(CloudflareStub.active(), CloudflareStub.active().withFixedDelay(10_000));

        try (Exporter exporter = api.exporter()) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                    .timeout(Duration.ofSeconds(3)).build())).isInstanceOf(ExportTimeoutException.class)
                    .hasMessageContaining("(while polling the export of ")
                    .hasMessageEndingWith(" (a Cloudflare export that is no longer polled is cancelled by the server)."
                            + " The export was still 'active' after 1 call.");
        }
        assertThat(api.exportCalls()).hasSize(2);
    }

    @Test
    void aGapBetweenPollsThatWouldOutlastTheDeadlineEndsTheExportAtOnceSayingSo() {
        api.stubCalls(CloudflareStub.active(), CloudflareStub.active(), api.complete());
        api.stubDump();
        // The clock stands still but for the export's own waits: the second gap (3 s) is the one that does not fit.
        FakeTime time = new FakeTime();

        try (Exporter exporter = time.exporter(api.options().option("min-poll-interval", "2s")
                .option("max-poll-interval", "3s").option("poll-interval-growth", "1.5").option("timeout", "4s")
                .build())) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                    .build())).isInstanceOf(ExportTimeoutException.class)
                    .hasMessageContaining("did not finish within 4s (while waiting for the export of ")
                    .hasMessageContaining(" (status active after 2 calls)); raise ");
        }
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(api.exportCalls()).hasSize(2);
    }

    @Test
    void interruptingThePollingThreadCancelsAndKeepsThePreviousFile() throws Exception {
        api.stubCalls(CloudflareStub.active());
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");
        // The export parks in its second wait between polls, i.e. after exactly two calls, until interrupted.
        FakeTime time = FakeTime.blockingAtSleep(2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptFlag = new AtomicBoolean();

        Thread worker = new Thread(() -> {
            try (Exporter exporter = time.exporter(api.options().build())) {
                exporter.export(ExportRequest.builder().destination(out).build());
            } catch (Throwable t) {
                thrown.set(t);
                interruptFlag.set(Thread.currentThread().isInterrupted());
            }
        });
        worker.start();
        assertThat(time.awaitBlocked(Duration.ofSeconds(10))).isTrue();
        int callsWhenInterrupted = api.exportCalls().size();
        worker.interrupt();
        worker.join(10_000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOfSatisfying(ExportCancelledException.class, e -> assertThat(
                e.details().hint()).as("the server's export goes on: running again at once meets a busy database")
                .hasValueSatisfying(hint -> assertThat(hint).contains("wait a moment before exporting again")));
        assertThat(interruptFlag.get()).isTrue();
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
        // The worker has ended: every call it made is in the journal (WireMock records a call before answering it),
        // and it made none after the interrupt; nor did it wait again.
        assertThat(callsWhenInterrupted).isEqualTo(2);
        assertThat(api.exportCalls()).hasSize(callsWhenInterrupted);
        assertThat(time.sleeps()).hasSize(2);
    }

    /**
     * A 200,000-byte dump that trickles in over 20 s. It opens as a dump does, or the download would be refused before
     * the cancel or interrupt the tests are about.
     */
    private void stubSlowDownload() {
        api.stubDownloads(aResponse().withStatus(200).withBody(bigDump()).withChunkedDribbleDelay(50, 20_000));
    }

    /** A listener that counts {@code downloading} down at each progress event: the download has begun. */
    private static ExportListener onProgress(CountDownLatch downloading) {
        return event -> {
            if (event instanceof ExportEvent.DownloadProgress) {
                downloading.countDown();
            }
        };
    }

    /** A 200,000-byte dump: its opening line, then filler. */
    private static byte[] bigDump() {
        byte[] big = new byte[200_000];
        java.util.Arrays.fill(big, (byte) 'x');
        byte[] header = "PRAGMA defer_foreign_keys=TRUE;\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, big, 0, header.length);
        return big;
    }

    @Test
    void anInterruptDuringTheDownloadToAFileSaysD1HadFinishedNotThatItMayStayBusy() throws Exception {
        api.stubCalls(api.complete());
        stubSlowDownload();
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");
        CountDownLatch downloading = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try (Exporter exporter = api.exporter()) {
                exporter.export(ExportRequest.builder().destination(out).listener(onProgress(downloading)).build());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        worker.start();
        assertThat(downloading.await(10, TimeUnit.SECONDS)).isTrue();
        worker.interrupt();
        worker.join(10_000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOfSatisfying(ExportCancelledException.class, e -> {
            assertThat(e).hasMessageContaining("was cancelled while downloading the dump");
            assertThat(e.details().hint()).as("the export had completed on D1: nothing keeps the database busy")
                    .hasValueSatisfying(hint -> assertThat(hint).contains("D1 had finished the export")
                            .doesNotContain("busy"));
        });
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @Test
    void cancellingTheFutureDuringTheDownloadRemovesTheTempFile() throws Exception {
        api.stubCalls(api.complete());
        stubSlowDownload();
        Path out = dir.resolve("out.sql");
        Files.writeString(out, "previous dump");
        CountDownLatch downloading = new CountDownLatch(1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Exporter exporter = api.exporter()) {
            CompletableFuture<ExportResult> future = exporter.exportAsync(ExportRequest.builder().destination(out)
                    .listener(onProgress(downloading)).build(), executor);
            assertThat(downloading.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(tempFiles()).hasSize(1);

            assertThat(future.cancel(true)).isTrue();
            executor.shutdown();
            // The dribble would take 20 s; a cancelled export stops long before.
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
        } finally {
            executor.shutdownNow();
        }
        assertThat(Files.readString(out)).isEqualTo("previous dump");
        assertNoTempFiles();
    }

    @Test
    void anInterruptDuringTheDownloadToAStreamSaysWhatTheStreamAlreadyHolds() throws Exception {
        api.stubCalls(api.complete());
        stubSlowDownload();
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptFlag = new AtomicBoolean();
        try (Exporter exporter = api.exporter()) {
            Thread worker = new Thread(() -> {
                try {
                    exporter.export(ExportRequest.builder().destination(stream).build());
                } catch (Throwable t) {
                    thrown.set(t);
                }
                interruptFlag.set(Thread.currentThread().isInterrupted());
            });
            worker.start();
            // Interrupted once part of the dump is in the stream (on either transport, whatever their buffering).
            long end = System.nanoTime() + 10_000_000_000L;
            while (stream.size() == 0 && worker.isAlive() && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            worker.interrupt();
            worker.join(10_000);
            assertThat(worker.isAlive()).isFalse();
        }
        // Part of the dump is in the caller's stream: the error must not say that nothing was written.
        assertThat(stream.size()).isPositive();
        assertThat(thrown.get()).isInstanceOf(ExportCancelledException.class)
                .hasMessageContaining("; " + stream.size() + " bytes of it were written to the output stream")
                .hasMessageNotContaining("nothing was written");
        assertThat(((ExportCancelledException) thrown.get()).details().hint()).isEmpty();
        assertThat(interruptFlag.get()).isTrue();
    }

    @Test
    void aDeadlineReachedDuringTheDownloadToAStreamSaysWhatTheStreamAlreadyHolds() {
        api.stubCalls(api.complete());
        stubSlowDownload();
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();

        try (Exporter exporter = api.exporter()) {
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(stream)
                    .timeout(Duration.ofSeconds(3)).build()))
                    .isInstanceOfSatisfying(ExportTimeoutException.class, e -> {
                        // Part of the dump is in the caller's stream (the dribble takes 20 s): the timeout says so,
                        // after the advice, so that nobody takes what the stream got for a whole dump.
                        assertThat(stream.size()).isPositive();
                        assertThat(e).hasMessageContaining("within 3s (while downloading the dump from http://")
                                .hasMessageContaining("; raise the request's timeout. " + stream.size() + " bytes of"
                                        + " the dump were written to the output stream before then.");
                    });
        }
    }

    @Test
    void anInterruptWhileTheCallersStreamIsFlushedSaysWhatTheStreamWasGiven() throws Exception {
        // The caller's stream buffers in front of a file channel, which an interrupt closes: the whole dump was
        // written to the stream, most of it is in the file already, and the last flush (the commit's) is cut.
        api.stubCalls(api.complete());
        byte[] dump = bigDump();
        api.stubDownloads(aResponse().withStatus(200).withHeader("Content-Length", String.valueOf(dump.length))
                .withBody(dump));
        Path file = dir.resolve("callers.sql");
        // Interrupted once the last byte is written to the stream, before the commit flushes it.
        ExportListener interruptAtTheEnd = event -> {
            if (event instanceof ExportEvent.DownloadProgress p && p.bytes() > 0 && p.bytes() == p.totalBytes()) {
                Thread.currentThread().interrupt();
            }
        };
        Throwable thrown;
        boolean interrupted;
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
             Exporter exporter = api.exporter()) {
            java.io.OutputStream callers = new java.io.BufferedOutputStream(
                    java.nio.channels.Channels.newOutputStream(channel), 16 * 1024);
            try {
                exporter.export(ExportRequest.builder().destination(callers).listener(interruptAtTheEnd).build());
                thrown = null;
            } catch (Throwable t) {
                thrown = t;
            }
            interrupted = Thread.interrupted();
        }
        assertThat(interrupted).as("the interrupt flag is kept").isTrue();
        // Part of the dump is in the caller's file: the error must not say that nothing was written.
        assertThat(Files.size(file)).isPositive().isLessThan(dump.length);
        assertThat(thrown).isInstanceOfSatisfying(ExportCancelledException.class, e -> assertThat(e.summary())
                .isEqualTo("Writing the output stream was interrupted while it was flushed; " + dump.length
                        + " bytes of the dump were written to it, some of which it may not have passed on"));
    }

    @Test
    void anAlreadyInterruptedThreadDoesNotStartAnExport() {
        api.stubCalls(api.complete());
        try (Exporter exporter = api.exporter()) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> exporter.export(ExportRequest.builder().destination(dir.resolve("o.sql"))
                    .build())).isInstanceOf(ExportCancelledException.class);
            assertThat(Thread.interrupted()).isTrue();
        }
        assertThat(api.exportCalls()).isEmpty();
    }

    private java.util.List<Path> tempFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    private void assertNoTempFiles() throws Exception {
        assertThat(tempFiles()).isEmpty();
    }
}
