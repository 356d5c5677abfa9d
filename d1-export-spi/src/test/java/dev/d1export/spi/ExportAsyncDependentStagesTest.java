package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stage that depends on an {@code exportAsync} future may cancel that future or another one ("first one wins,
 * cancel the rest"): it runs on the thread that completes the future, which must not then wait for itself. Found by
 * a helper's review: each of these hung for ever before.
 */
class ExportAsyncDependentStagesTest {
    private static final ExportRequest REQUEST = ExportRequest.builder().destination(Path.of("unused.sql")).build();

    /** Daemon threads, so that the hung threads do not keep the test JVM alive. */
    private static ExecutorService daemonPool() {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "export-stage-test");
            t.setDaemon(true);
            return t;
        });
    }

    private static Exporter gated(CountDownLatch go) {
        return request -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new ExportCancelledException("cancelled", e);
            }
            return ExportResult.builder("fast").build();
        };
    }

    @Test
    void cancellingTheLoserWhenTheFirstOfTwoExportsCompletesDoesNotHang() throws Exception {
        ExecutorService pool = daemonPool();
        CountDownLatch bInterrupted = new CountDownLatch(1);
        CountDownLatch bStarted = new CountDownLatch(1);
        Exporter slow = request -> {
            bStarted.countDown();
            try {
                Thread.sleep(60_000);
                throw new AssertionError("never interrupted");
            } catch (InterruptedException e) {
                bInterrupted.countDown();
                Thread.currentThread().interrupt();
                throw new ExportCancelledException("cancelled", e);
            }
        };
        CountDownLatch go = new CountDownLatch(1); // a completes once the stages are registered
        CompletableFuture<ExportResult> a = gated(go).exportAsync(REQUEST, pool);
        CompletableFuture<ExportResult> b = slow.exportAsync(REQUEST, pool);
        // The usual "first one wins, cancel the rest".
        CompletableFuture<Void> cleanup = CompletableFuture.anyOf(a, b).whenComplete((r, t) -> {
            a.cancel(true);
            b.cancel(true);
        }).thenRun(() -> { });
        // Running, so that the clean-up interrupts it (cancelled before it started, it would simply never run).
        assertThat(bStarted.await(5, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        assertThat(a.get(5, TimeUnit.SECONDS).provider()).isEqualTo("fast");
        assertThat(bInterrupted.await(5, TimeUnit.SECONDS)).as("the loser was cancelled").isTrue();
        assertThat(cleanup).as("the clean-up stage finished").succeedsWithin(5, TimeUnit.SECONDS);
    }

    @Test
    void aStageThatCancelsItsOwnFinishedFutureDoesNotHangTheExportThread() {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<ExportResult> future = gated(go).exportAsync(REQUEST, daemonPool());
        CompletableFuture<Boolean> stage = future.handle((r, t) -> future.cancel(true));
        go.countDown();
        assertThat(stage).as("cancel() of a completed future returns false at once")
                .succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(false);
    }

    @Test
    void cancellingBeforeTheExecutorStartedWithADependentThatCancelsTooDoesNotHangTheCaller() {
        ExecutorService busy = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        CountDownLatch never = new CountDownLatch(1);
        busy.execute(() -> {
            try {
                never.await();
            } catch (InterruptedException ignored) {
                // ends
            }
        });
        CompletableFuture<ExportResult> future = gated(new CountDownLatch(0)).exportAsync(REQUEST, busy);
        future.whenComplete((r, t) -> future.cancel(true));
        CompletableFuture<Boolean> cancel = CompletableFuture.supplyAsync(() -> future.cancel(true), daemonPool());
        assertThat(cancel).as("cancel() of a task the executor has not started returns at once")
                .succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(true);
    }
}
