package dev.d1export.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling an {@link Exporter#exportAsync(ExportRequest)} future waits until the export has stopped, and decides
 * against the move into place under one lock. The exports here write real files through {@link StagedOutput}; the
 * points where they pause are latches, so every ordering is forced, not hoped for.
 */
class ExportAsyncCancellationTest {

    @TempDir
    Path dir;
    private Path out;

    @BeforeEach
    void previousFile() throws IOException {
        out = dir.resolve("out.sql");
        Files.writeString(out, "previous");
    }

    private List<String> files() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ExportRequest request() {
        return ExportRequest.builder().destination(out).build();
    }

    private static void write(StagedOutput output, String text) {
        try {
            output.stream().write(text.getBytes(StandardCharsets.UTF_8));
            output.stream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Calls {@code cancel(true)} on its own thread, noting what it returned and the folder at that moment. */
    private final class Canceller extends Thread {
        private final CompletableFuture<?> future;
        volatile boolean returned;
        volatile List<String> filesAtReturn;

        Canceller(CompletableFuture<?> future) {
            super("canceller");
            this.future = future;
        }

        @Override
        public void run() {
            returned = future.cancel(true);
            filesAtReturn = files();
        }

        /** Waits until cancel has returned or is waiting (for the export to stop): its wait must not be cut short. */
        void awaitReturnedOrWaiting() {
            while (isAlive() && getState() != State.WAITING) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void cancelReturnsOnlyOnceTheTemporaryFileIsRemoved() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch mayCleanUp = new CountDownLatch(1);
        Exporter exporter = request -> {
            try (StagedOutput output = StagedOutput.open(request.destination(), "out.sql")) {
                write(output, "part of a dump");
                writing.countDown();
                try {
                    new CountDownLatch(1).await();
                    throw new AssertionError("not interrupted");
                } catch (InterruptedException e) {
                    // A clean-up that takes a while: cancel must wait for it.
                    awaitUninterruptibly(mayCleanUp);
                    Thread.currentThread().interrupt();
                    throw new ExportCancelledException("cancelled", e);
                }
            }
        };
        CompletableFuture<ExportResult> future = exporter.exportAsync(request());
        writing.await();
        assertThat(files()).as("the temporary file is there while the export runs").hasSize(2)
                .anyMatch(name -> name.endsWith(".part"));

        Canceller canceller = new Canceller(future);
        canceller.start();
        canceller.awaitReturnedOrWaiting();
        mayCleanUp.countDown();
        canceller.join();

        assertThat(canceller.returned).isTrue();
        assertThat(canceller.filesAtReturn).as("the folder when cancel returned").containsExactly("out.sql");
        assertThat(future).isCancelled();
        assertThatThrownBy(future::get).isInstanceOf(CancellationException.class);
        assertThat(out).hasContent("previous");
    }

    @Test
    void aCancelThatReturnedTrueNeverSeesTheDestinationReplaced() throws Exception {
        CountDownLatch atMove = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        Exporter exporter = request -> {
            try (StagedOutput output = StagedOutput.open(request.destination(), "out.sql")) {
                write(output, "new dump");
                output.beforeMove(() -> {
                    // Past commit's interrupt checks; the interrupt arrives now and nothing here notices it.
                    atMove.countDown();
                    while (!Thread.currentThread().isInterrupted()) {
                        LockSupport.park(this);
                    }
                    Thread.interrupted();
                });
                return ExportResult.builder("test").path(output.commit().orElseThrow()).build();
            } finally {
                ended.countDown();
            }
        };
        CompletableFuture<ExportResult> future = exporter.exportAsync(request());
        atMove.await();

        boolean cancelled = future.cancel(true);
        ended.await();

        assertThat(cancelled).isTrue();
        assertThat(out).as("the destination after cancel returned true").hasContent("previous");
        assertThat(files()).containsExactly("out.sql");
        assertThatThrownBy(future::get).isInstanceOf(CancellationException.class);
    }

    @Test
    void aCancelAfterTheDumpIsInPlaceReturnsFalseAndTheResult() throws Exception {
        CountDownLatch committed = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Exporter exporter = request -> {
            try (StagedOutput output = StagedOutput.open(request.destination(), "out.sql")) {
                write(output, "new dump");
                Path path = output.commit().orElseThrow();
                committed.countDown();
                try {
                    mayFinish.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                return ExportResult.builder("test").path(path).bytes(8).build();
            }
        };
        CompletableFuture<ExportResult> future = exporter.exportAsync(request());
        committed.await();

        Canceller canceller = new Canceller(future);
        canceller.start();
        canceller.awaitReturnedOrWaiting();
        mayFinish.countDown();
        canceller.join();

        assertThat(canceller.returned).as("cancel after the move").isFalse();
        assertThat(interrupted).as("a committed export is not interrupted").isFalse();
        assertThat(future).isNotCancelled();
        assertThat(future.get().bytes()).isEqualTo(8);
        assertThat(out).hasContent("new dump");
    }

    @Test
    void theExportThreadIsNotADaemon() throws Exception {
        Exporter exporter = request -> ExportResult.builder("test").message("daemon=" + Thread.currentThread().isDaemon())
                .build();
        assertThat(exporter.exportAsync(request()).get(30, TimeUnit.SECONDS).messages()).containsExactly("daemon=false");
    }

    @Test
    void theJvmDoesNotExitInTheMiddleOfAnExport() throws Exception {
        Path log = dir.resolve("child.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                UnfinishedExportMain.class.getName(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Generous: the child only waits for its own main thread to end. Not an assertion on time.
        boolean exited = child.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly().waitFor();
        }
        String childLog = Files.readString(log);
        assertThat(exited).as("child still running; log:%n%s", childLog).isTrue();
        assertThat(child.exitValue()).as("child log:%n%s", childLog).isZero();
        assertThat(out).as("child log:%n%s", childLog).hasContent(UnfinishedExportMain.DUMP);
        assertThat(files()).containsExactlyInAnyOrder("out.sql", "child.log");
    }

    @Test
    void aFutureCancelledBeforeTheExecutorStartsItNeverRuns() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch busy = new CountDownLatch(1);
            pool.execute(() -> awaitUninterruptibly(busy));
            AtomicBoolean ran = new AtomicBoolean();
            Exporter exporter = request -> {
                ran.set(true);
                return ExportResult.builder("test").build();
            };
            CompletableFuture<ExportResult> future = exporter.exportAsync(request(), pool);
            assertThat(future.cancel(true)).isTrue();
            assertThat(future).isCancelled();
            busy.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
            assertThat(ran).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExportThatCancelsItsOwnFutureStopsWithoutWaitingForItself() throws Exception {
        AtomicReference<CompletableFuture<ExportResult>> self = new AtomicReference<>();
        CountDownLatch published = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<Boolean> cancelResult = new AtomicReference<>();
        Exporter exporter = request -> {
            try (StagedOutput output = StagedOutput.open(request.destination(), "out.sql")) {
                write(output, "new dump");
                awaitUninterruptibly(published);
                cancelResult.set(self.get().cancel(true));
                return ExportResult.builder("test").path(output.commit().orElseThrow()).build();
            } finally {
                ended.countDown();
            }
        };
        self.set(exporter.exportAsync(request()));
        published.countDown();
        ended.await();
        assertThat(cancelResult.get()).isTrue();
        assertThat(self.get()).isCancelled();
        assertThat(out).hasContent("previous");
        assertThat(files()).containsExactly("out.sql");
    }
}
