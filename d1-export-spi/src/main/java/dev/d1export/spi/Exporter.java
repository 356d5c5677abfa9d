package dev.d1export.spi;

import dev.d1export.spi.internal.InterruptibleTask;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Exports one database, as configured by the options it was {@linkplain ExportProvider#create(ExportOptions) created}
 * with. An exporter may run several exports, one after another or at once; {@link #close()} releases what it holds.
 */
public interface Exporter extends AutoCloseable {

    /**
     * Runs an export to completion on the calling thread.
     *
     * <p>The dump reaches the request's destination only when it is complete: on any failure, cancellation or
     * interruption no file is left behind and a previous file at the destination is untouched. Interrupting the
     * calling thread cancels the export with an {@link ExportCancelledException} (and keeps the interrupt flag set).
     *
     * @param request what to export and where to
     * @return what was exported
     * @throws D1ExportException or one of its subclasses on any failure
     */
    ExportResult export(ExportRequest request);

    /**
     * Runs an export on a new thread. Cancelling the returned future interrupts that thread, which stops the export
     * at once and removes its temporary file. {@code cancel(false)} interrupts too: an export nobody waits for must not
     * keep the database busy. Cancelling a stage derived from the future (e.g. with {@code thenApply}) does not reach
     * the export; cancel this future itself.
     *
     * @param request what to export and where to
     * @return a future of the result; it completes exceptionally with the {@link D1ExportException} that
     *         {@link #export(ExportRequest)} would throw
     */
    default CompletableFuture<ExportResult> exportAsync(ExportRequest request) {
        Objects.requireNonNull(request, "request");
        return InterruptibleTask.start(() -> export(request), null);
    }

    /**
     * Runs an export on the given executor. Cancelling the returned future interrupts the thread that runs it.
     *
     * @param request  what to export and where to
     * @param executor runs the export
     * @return a future of the result
     */
    default CompletableFuture<ExportResult> exportAsync(ExportRequest request, Executor executor) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(executor, "executor");
        return InterruptibleTask.start(() -> export(request), executor);
    }

    /** Releases what this exporter holds. Idempotent; the default does nothing. */
    @Override
    default void close() {
    }
}
