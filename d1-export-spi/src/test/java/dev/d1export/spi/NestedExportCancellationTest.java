package dev.d1export.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain {@code export()} run inside an {@code exportAsync} task's listener (writing a side file with another
 * exporter) commits its own file: that must not make the outer export uncancellable, nor let a cancelled outer
 * export replace its destination. Found by a helper's concurrency review: the inner commit marked the outer task
 * committed, and its cancel then waited for the whole export, returned false and saw the destination replaced.
 */
class NestedExportCancellationTest {

    @TempDir
    Path dir;

    /** The README's provider shape: one StagedOutput, committed at the end. */
    private static Exporter writing(String text, CountDownLatch beforeCommit, long slowMillis) {
        return request -> {
            try (StagedOutput out = StagedOutput.open(request.destination(), "dump.sql")) {
                request.listener().onEvent(new ExportEvent.Started("test", text));
                out.stream().write(text.getBytes(UTF_8));
                beforeCommit.countDown();
                Thread.sleep(slowMillis); // a long download; an interrupt ends it
                return ExportResult.builder("test").path(out.commit().orElse(null)).build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExportCancelledException("interrupted; nothing was written", e);
            } catch (IOException e) {
                throw new DestinationException("Cannot write the dump: " + e, e);
            }
        };
    }

    @Test
    void aSynchronousExportInsideAListenerDoesNotMakeTheOuterExportUncancellable() throws Exception {
        Path schema = dir.resolve("schema.sql");
        Path main = dir.resolve("main.sql");
        Files.writeString(main, "previous");
        Exporter inner = writing("schema", new CountDownLatch(1), 0);
        CountDownLatch downloading = new CountDownLatch(1);
        Exporter outer = writing("main", downloading, 8_000);
        // The listener also writes a side file when the main export starts.
        ExportRequest request = ExportRequest.builder().destination(main).listener(event -> {
            if (event instanceof ExportEvent.Started) {
                inner.export(ExportRequest.builder().destination(schema).build());
            }
        }).build();

        CompletableFuture<ExportResult> future = outer.exportAsync(request);
        assertThat(downloading.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(schema)).isEqualTo("schema");

        CompletableFuture<Boolean> cancel = CompletableFuture.supplyAsync(() -> future.cancel(true));
        assertThat(cancel).as("cancel interrupts the export and returns true at once")
                .succeedsWithin(2, TimeUnit.SECONDS).isEqualTo(true);
        assertThat(Files.readString(main)).as("a cancelled export never replaces the destination")
                .isEqualTo("previous");
    }
}
