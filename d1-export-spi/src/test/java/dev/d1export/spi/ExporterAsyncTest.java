package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExporterAsyncTest {

    /** Blocks until interrupted, then reports how it ended. */
    private static final class BlockingExporter implements Exporter {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public ExportResult export(ExportRequest request) {
            started.countDown();
            try {
                Thread.sleep(60_000);
                throw new AssertionError("not interrupted");
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
                throw new ExportCancelledException("cancelled", e);
            }
        }
    }

    private final ExportRequest request = ExportRequest.builder().destination(Path.of("unused.sql")).build();

    @Test
    void cancellingTheFutureInterruptsTheExportThread() throws Exception {
        BlockingExporter exporter = new BlockingExporter();
        CompletableFuture<ExportResult> future = exporter.exportAsync(request);
        assertThat(exporter.started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(future.cancel(false)).isTrue();
        assertThat(exporter.interrupted.await(5, TimeUnit.SECONDS)).as("export thread interrupted").isTrue();
        assertThat(future).isCancelled();
    }

    @Test
    void cancellingOnAnExecutorInterruptsTheWorker() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            BlockingExporter exporter = new BlockingExporter();
            CompletableFuture<ExportResult> future = exporter.exportAsync(request, pool);
            assertThat(exporter.started.await(5, TimeUnit.SECONDS)).isTrue();
            future.cancel(true);
            assertThat(exporter.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
            // The pooled thread is usable again and not left interrupted.
            assertThat(pool.submit(() -> Thread.currentThread().isInterrupted()).get(5, TimeUnit.SECONDS)).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failuresCompleteTheFutureExceptionally() {
        Exporter failing = r -> {
            throw new ExportFailedException("D1 Export error: nope");
        };
        assertThatThrownBy(() -> failing.exportAsync(request).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ExportFailedException.class);
    }

    @Test
    void resultsCompleteTheFuture() throws Exception {
        Exporter ok = r -> ExportResult.builder("test").bytes(3).build();
        assertThat(ok.exportAsync(request).get(5, TimeUnit.SECONDS).bytes()).isEqualTo(3);
    }

    @Test
    void errorDetailsAreAppendedToMessages() {
        D1ExportException e = new PermissionDeniedException("Cannot export database db", null,
                ErrorDetails.ofStatus(403).withError(10000, "Authentication error").withRayId("8a1b2c")
                        .withHint("give the token D1 read access"));
        assertThat(e.getMessage()).isEqualTo("Cannot export database db [HTTP 403, code 10000, cf-ray 8a1b2c]. "
                + "Hint: give the token D1 read access");
        assertThat(e.summary()).isEqualTo("Cannot export database db");
        assertThat(e.details().errorMessages()).containsExactly("Authentication error");
        assertThat(new D1ExportException("plain").details().isEmpty()).isTrue();
    }
}
